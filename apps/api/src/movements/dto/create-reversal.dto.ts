import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../common/validators';

export class CreateReversalDto {
  @IsCalendarDate() date!: string;
  @IsString() @IsNotEmpty() @MaxLength(1000) reason!: string;
}
