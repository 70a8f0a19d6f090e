import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CATEGORY_KINDS, type CategoryKind } from '@coop/ledger';

export class CreateCategoryDto {
  @IsString() @IsNotEmpty() @Matches(/\S/, { message: 'name must not be blank' }) @MaxLength(120) name!: string;
  @IsIn(CATEGORY_KINDS) kind!: CategoryKind;
  @IsOptional() @IsString() @MaxLength(1000) description?: string;
}
