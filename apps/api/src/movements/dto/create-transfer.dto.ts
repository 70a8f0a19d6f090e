import { IsInt, IsNotEmpty, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, MAX_SHARES } from '../../common/validators';

export class CreateTransferDto {
  @IsUUID() fromMemberId!: string;
  /** Must be an admitted member: a transfer to a non-member goes through admission first. */
  @IsUUID() toMemberId!: string;
  @IsUUID() shareClassId!: string;
  @IsInt() @Min(1) @Max(MAX_SHARES) shares!: number;
  @IsCalendarDate() date!: string;
  /** Reference of the approval (agrément) by the board or AG. */
  @IsString() @IsNotEmpty() @MaxLength(200) approvalReference!: string;
  @IsCalendarDate() approvalDate!: string;
}
