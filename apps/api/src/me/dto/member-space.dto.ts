import { PickType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { SELF_EDITABLE_FIELDS } from '@coop/ledger';
import { ContactDto } from '../../members/dto/contact.dto';
import { AsOfQueryDto } from '../../common/query.dto';

/** What a member may change of their own record: how to reach them (the fields and rules of ContactDto). `null` clears a field. */
export class UpdateOwnProfileDto extends PickType(ContactDto, SELF_EDITABLE_FIELDS) {}

export class CertificateQueryDto extends AsOfQueryDto {
  /** `fr` (default) or `en`. */
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
}
