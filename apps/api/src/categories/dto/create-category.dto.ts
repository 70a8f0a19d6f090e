import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CATEGORY_KINDS, type CategoryKind } from '@coop/ledger';
import { MultiLineText } from '../../common/text-fields';

export class CreateCategoryDto {
  @IsString() @IsNotEmpty() @Matches(/\S/, { message: 'name must not be blank' }) @MaxLength(120) name!: string;
  @IsIn(CATEGORY_KINDS) kind!: CategoryKind;
  /** May hold several lines. */
  @IsOptional() @IsString() @MaxLength(1000) @MultiLineText() description?: string;
}
