import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { MEMBER_STATUSES } from '@coop/ledger';
import { PageQueryDto } from '../../common/query.dto';

export class MemberQueryDto extends PageQueryDto {
  @IsOptional() @IsIn(MEMBER_STATUSES) status?: string;
  @IsOptional() @IsUUID() categoryId?: string;
  @IsOptional() @IsUUID() collegeId?: string;
}
