import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MEMBER_STATUSES } from '@coop/ledger';
import { PageQueryDto } from '../../common/query.dto';

export class MemberQueryDto extends PageQueryDto {
  /**
   * Find members: a member number (digits only, exact), or words that each appear in the first, last or company name
   * or the email, in any case, with or without accents (e.g. "lefevre", "jeanne dup", "@example.org").
   */
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @IsIn(MEMBER_STATUSES) status?: string;
  @IsOptional() @IsUUID() categoryId?: string;
  @IsOptional() @IsUUID() collegeId?: string;
}
