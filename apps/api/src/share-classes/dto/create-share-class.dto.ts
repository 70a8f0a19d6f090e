import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PERSON_TYPES, type PersonType } from '@coop/ledger';
import { IsAmount } from '../../common/validators';

export class CreateShareClassDto {
  /** e.g. "A", "B", "C" */
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,15}$/, { message: 'code is 1 to 16 capitals, digits, - or _' }) code!: string;
  @IsString() @IsNotEmpty() @Matches(/\S/, { message: 'name must not be blank' }) @MaxLength(120) name!: string;
  /** Nominal value of one share, up to 4 decimals, e.g. "15.2449". */
  @IsAmount({ scale: 4, integerDigits: 10 }) nominalValue!: string;
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000) minPerMember?: number;
  @IsOptional() @IsInt() @Min(1) @Max(100_000_000) maxPerMember?: number;
  /** Who may hold them: NATURAL and/or LEGAL persons (default both). */
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(PERSON_TYPES, { each: true }) holderTypes?: PersonType[];
  /** Only members of these categories may hold them (default: all). */
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) eligibleCategoryIds?: string[];
}
