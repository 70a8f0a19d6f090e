import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsOdooSecretEnv } from '../../common/validators';

export class OdooConnectionDto {
  /** Base URL of the Odoo server, e.g. https://erp.example.coop */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }) @MaxLength(500) url!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) database!: string;
  /** The Odoo user's login (see the README for the rights it needs). */
  @IsString() @IsNotEmpty() @MaxLength(200) login!: string;
  /** The password or, better, an API key: stored encrypted with ODOO_SECRET_KEY, never returned. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) secret?: string;
  /** Or the name of an environment variable of the service that holds it: ODOO_SECRET_…, never another setting. */
  @IsOptional() @IsOdooSecretEnv() secretEnv?: string;
  /** Module of the external ids binding members to partners (default coop_ledger); one per cooperative sharing an Odoo. */
  @IsOptional() @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'module must be a lowercase Odoo module name' }) module?: string;
  /** The Odoo company (res.company id) the cooperative's partners belong to; null or absent: shared by every company. */
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(1) @Max(2_147_483_647) companyId?: number | null;
  /** Whether the worker syncs this cooperative continuously (default true). */
  @IsOptional() @IsBoolean() enabled?: boolean;
  /** Needed to point the cooperative at another Odoo target (URL, database or module): see POST …/odoo/connection/preview. */
  @IsOptional() @IsBoolean() confirmNewTarget?: boolean;
}
