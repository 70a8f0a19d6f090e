import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CATEGORY_KINDS, type CategoryKind } from '@coop/ledger';

export class CreateCategoryDto {
  @IsString() @IsNotEmpty() @MaxLength(120) name!: string;
  @IsIn(CATEGORY_KINDS) kind!: CategoryKind;
  @IsOptional() @IsString() @MaxLength(1000) description?: string;
}
