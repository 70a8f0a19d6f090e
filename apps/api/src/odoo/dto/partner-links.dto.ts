import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MATCH_RULES, type MatchRule } from '@coop/odoo-sync';

export class LinkProposalsDto {
  /** The rules to match by (default: EMAIL and NAME_POSTAL_CODE, and REF when refFormat is given). */
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(MATCH_RULES, { each: true }) rules?: MatchRule[];
  /** How the cooperative wrote member numbers in its contacts' ref: `{n}`, or e.g. `SOC-{n:4}` for SOC-0042. */
  @IsOptional() @IsString() @MaxLength(60) @Matches(/\{n(:\d{1,2})?\}/, { message: 'refFormat must contain {n} or {n:width}' }) refFormat?: string;
}

export class PartnerLinkDto {
  @IsUUID() memberId!: string;
  /** The Odoo partner (res.partner id) to bind to the member. */
  @IsInt() @Min(1) @Max(2_147_483_647) partnerId!: number;
  /** The rules the proposal matched by (MANUAL when the accountant chose the partner themselves). */
  @IsOptional() @IsArray() @IsIn([...MATCH_RULES, 'MANUAL'], { each: true }) matchedBy?: (MatchRule | 'MANUAL')[];
}

export class ConfirmLinksDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5000) @ValidateNested({ each: true }) @Type(() => PartnerLinkDto) links!: PartnerLinkDto[];
  /** Who checked and confirmed these links. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) confirmedBy?: string;
}
