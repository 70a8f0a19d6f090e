import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsAmount, IsCalendarDate } from '../../common/validators';

export class CreateRefundDto {
  @IsUUID() memberId!: string;
  @IsUUID() shareClassId!: string;
  @IsAmount() amount!: string;
  @IsCalendarDate() date!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) reference?: string;
}
