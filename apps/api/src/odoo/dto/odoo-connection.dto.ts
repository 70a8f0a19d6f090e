import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';

export class OdooConnectionDto {
  /** Base URL of the Odoo server, e.g. https://erp.example.coop */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }) @MaxLength(500) url!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) database!: string;
  /** The Odoo user's login (see the README for the rights it needs). */
  @IsString() @IsNotEmpty() @MaxLength(200) login!: string;
  /** The password or, better, an API key: stored encrypted with ODOO_SECRET_KEY, never returned. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) secret?: string;
  /** Or the name of an environment variable of the service that holds it. */
  @IsOptional() @Matches(/^[A-Z_][A-Z0-9_]{0,127}$/, { message: 'secretEnv must be an environment variable name' }) secretEnv?: string;
  /** Module of the external ids binding members to partners (default coop_ledger). */
  @IsOptional() @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'module must be a lowercase Odoo module name' }) module?: string;
  /** Bind a partner that already carries the member number in `ref` instead of creating a second one (default true). */
  @IsOptional() @IsBoolean() adoptExisting?: boolean;
  /** Whether the worker syncs this cooperative continuously (default true). */
  @IsOptional() @IsBoolean() enabled?: boolean;
}
