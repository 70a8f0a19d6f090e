import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PERSON_TYPES, type PersonType } from '@coop/ledger';
import { IsCalendarDate } from '../../common/validators';
import { ContactDto } from './contact.dto';

/** A candidate: admission comes later, with the board's or AG's decision. */
export class CreateMemberDto extends ContactDto {
  @IsIn(PERSON_TYPES) personType!: PersonType;
  @IsUUID() categoryId!: string;
  @IsOptional() @IsUUID() collegeId?: string;
  /** Date of the application (default today). */
  @IsOptional() @IsCalendarDate() appliedOn?: string;
}
