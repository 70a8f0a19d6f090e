import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsAmount, IsCalendarDate } from '../../common/validators';

export class CreatePaymentDto {
  @IsUUID() memberId!: string;
  @IsUUID() shareClassId!: string;
  @IsAmount() amount!: string;
  @IsCalendarDate() date!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) reference?: string;
}
