import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MultiLineText } from '../../common/text-fields';
import { IsCalendarDate } from '../../common/validators';

export class CreateReversalDto {
  @IsCalendarDate() date!: string;
  /** Why the movement is reversed; may hold several lines. */
  @IsString() @IsNotEmpty() @MaxLength(1000) @MultiLineText() reason!: string;
}
