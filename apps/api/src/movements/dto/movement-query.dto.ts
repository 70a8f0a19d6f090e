import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { MOVEMENT_KINDS } from '@coop/ledger';
import { PageQueryDto } from '../../common/query.dto';
import { IsCalendarDate } from '../../common/validators';

export class MovementQueryDto extends PageQueryDto {
  @IsOptional() @IsUUID() memberId?: string;
  @IsOptional() @IsIn(MOVEMENT_KINDS) kind?: string;
  @IsOptional() @IsCalendarDate() from?: string;
  @IsOptional() @IsCalendarDate() to?: string;
}
