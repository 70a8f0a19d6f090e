import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsAmount } from '../../common/validators';

export class CollegeDto {
  /** Keep an existing college (and its members) by giving its id. */
  @IsOptional() @IsUUID() id?: string;
  @IsString() @IsNotEmpty() @Matches(/\S/, { message: 'name must not be blank' }) @MaxLength(120) name!: string;
  /** Percent of votes, e.g. "33.33"; omit on every college for equal weights. */
  @IsOptional() @IsAmount({ scale: 4, integerDigits: 3 }) weight?: string;
}

/** The whole set of colleges, replaced at once: weights are checked as a set. */
export class ReplaceCollegesDto {
  @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => CollegeDto) colleges!: CollegeDto[];
}
