import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../common/validators';

export class ProcessRedemptionQueueDto {
  /** Date of the redemptions executed now. */
  @IsCalendarDate() date!: string;
}

export class RedemptionRequestQueryDto {
  @IsOptional() @IsIn(['PENDING', 'EXECUTED', 'CANCELLED']) status?: 'PENDING' | 'EXECUTED' | 'CANCELLED';
}
