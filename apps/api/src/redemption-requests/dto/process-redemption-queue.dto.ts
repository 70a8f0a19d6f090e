import { IsCalendarDate } from '../../common/validators';

export class ProcessRedemptionQueueDto {
  /** Date of the redemptions executed now. */
  @IsCalendarDate() date!: string;
}
