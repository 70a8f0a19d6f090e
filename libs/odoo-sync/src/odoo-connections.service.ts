import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@coop/core';
import type { OdooCapabilities, OdooConnection } from '@coop/odoo';
import { SecretBox } from './secret-box';

export const ODOO_SYNC_ENV = Symbol('ODOO_SYNC_ENV');
/** The environment the bridge reads secrets from (process.env in production; a plain object in tests). */
export type OdooSyncEnv = Readonly<Record<string, string | undefined>>;

export interface ConnectionInput {
  url: string;
  database: string;
  login: string;
  /** The password or API key, stored encrypted (needs ODOO_SECRET_KEY). */
  secret?: string;
  /** Or the name of an environment variable that holds it (nothing secret is stored). */
  secretEnv?: string;
  module?: string;
  adoptExisting?: boolean;
  enabled?: boolean;
}

interface ConnectionRow {
  cooperative_id: string;
  url: string;
  database: string;
  login: string;
  secret_ciphertext: string | null;
  secret_env: string | null;
  module: string;
  adopt_existing: boolean;
  enabled: boolean;
  capabilities: OdooCapabilities | null;
  capabilities_checked_at: Date | null;
  updated_at: Date;
}

export interface ResolvedConnection {
  cooperativeId: string;
  connection: OdooConnection;
  module: string;
  adoptExisting: boolean;
  enabled: boolean;
}

/** What the API shows: never the secret, only where it is kept. */
const view = (r: ConnectionRow) => ({
  url: r.url,
  database: r.database,
  login: r.login,
  secret: r.secret_ciphertext ? 'stored encrypted' : `from environment variable ${r.secret_env}`,
  module: r.module,
  adoptExisting: r.adopt_existing,
  enabled: r.enabled,
  capabilities: r.capabilities,
  capabilitiesCheckedAt: r.capabilities_checked_at?.toISOString() ?? null,
  updatedAt: r.updated_at.toISOString(),
});
export type ConnectionView = ReturnType<typeof view>;

@Injectable()
export class OdooConnectionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ODOO_SYNC_ENV) private readonly env: OdooSyncEnv,
  ) {}

  /** Sets the cooperative's Odoo; the first time, every member is queued for a first sync. */
  async upsert(cooperativeId: string, input: ConnectionInput): Promise<ConnectionView> {
    if (!!input.secret === !!input.secretEnv) {
      throw new DomainError('VALIDATION_FAILED', 'give either secret (stored encrypted) or secretEnv (the name of an environment variable)', 'secret');
    }
    let ciphertext: string | null = null;
    if (input.secret) {
      const key = this.env.ODOO_SECRET_KEY;
      if (!key) throw new DomainError('ODOO_SECRET_KEY_MISSING', 'set ODOO_SECRET_KEY on the service to store secrets, or use secretEnv', 'secret');
      ciphertext = new SecretBox(key).seal(input.secret);
    }
    return this.db.transaction(async (em) => {
      const [coop] = await em.query('SELECT id FROM cooperative WHERE id = $1 FOR UPDATE', [cooperativeId]);
      if (!coop) throw new DomainError('COOPERATIVE_NOT_FOUND', `cooperative ${cooperativeId} does not exist`, 'cooperativeId');
      const [existing] = await em.query('SELECT 1 FROM odoo_connection WHERE cooperative_id = $1', [cooperativeId]);
      const [row]: ConnectionRow[] = await em.query(
        `INSERT INTO odoo_connection (cooperative_id, url, database, login, secret_ciphertext, secret_env, module, adopt_existing, enabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (cooperative_id) DO UPDATE SET url = EXCLUDED.url, database = EXCLUDED.database, login = EXCLUDED.login,
           secret_ciphertext = EXCLUDED.secret_ciphertext, secret_env = EXCLUDED.secret_env, module = EXCLUDED.module,
           adopt_existing = EXCLUDED.adopt_existing, enabled = EXCLUDED.enabled, capabilities = NULL, capabilities_checked_at = NULL,
           updated_at = now()
         RETURNING *`,
        [
          cooperativeId,
          input.url.replace(/\/+$/, ''),
          input.database,
          input.login,
          ciphertext,
          input.secretEnv ?? null,
          input.module ?? 'coop_ledger',
          input.adoptExisting ?? true,
          input.enabled ?? true,
        ],
      );
      if (!existing) {
        await em.query(`INSERT INTO odoo_sync_event (cooperative_id, member_id, reason) SELECT cooperative_id, id, 'FIRST_SYNC' FROM member WHERE cooperative_id = $1`, [
          cooperativeId,
        ]);
      }
      return view(row);
    });
  }

  async get(cooperativeId: string): Promise<ConnectionView> {
    return view(await this.row(cooperativeId));
  }

  /** The connection with its secret, for the gateway only. */
  async resolve(cooperativeId: string): Promise<ResolvedConnection> {
    const r = await this.row(cooperativeId);
    let secret: string | undefined;
    if (r.secret_env) {
      secret = this.env[r.secret_env];
      if (!secret) throw new DomainError('ODOO_SECRET_UNAVAILABLE', `the environment variable ${r.secret_env} that holds the Odoo secret is not set`, 'secretEnv');
    } else {
      const key = this.env.ODOO_SECRET_KEY;
      if (!key) throw new DomainError('ODOO_SECRET_UNAVAILABLE', 'ODOO_SECRET_KEY is not set: the stored Odoo secret cannot be decrypted', 'secret');
      try {
        secret = new SecretBox(key).open(r.secret_ciphertext as string);
      } catch {
        throw new DomainError('ODOO_SECRET_UNAVAILABLE', 'the stored Odoo secret does not decrypt with this ODOO_SECRET_KEY: set the secret again', 'secret');
      }
    }
    return {
      cooperativeId,
      connection: { url: r.url, database: r.database, login: r.login, secret },
      module: r.module,
      adoptExisting: r.adopt_existing,
      enabled: r.enabled,
    };
  }

  async saveCapabilities(cooperativeId: string, capabilities: OdooCapabilities): Promise<void> {
    await this.db.query('UPDATE odoo_connection SET capabilities = $2, capabilities_checked_at = now() WHERE cooperative_id = $1', [
      cooperativeId,
      JSON.stringify(capabilities),
    ]);
  }

  /** Cooperatives whose sync runs continuously. */
  async enabledCooperatives(): Promise<string[]> {
    const rows = await this.db.query('SELECT cooperative_id FROM odoo_connection WHERE enabled ORDER BY cooperative_id');
    return rows.map((r: { cooperative_id: string }) => r.cooperative_id);
  }

  private async row(cooperativeId: string): Promise<ConnectionRow> {
    const [row]: ConnectionRow[] = await this.db.query('SELECT * FROM odoo_connection WHERE cooperative_id = $1', [cooperativeId]);
    if (row) return row;
    const [coop] = await this.db.query('SELECT 1 FROM cooperative WHERE id = $1', [cooperativeId]);
    if (!coop) throw new DomainError('COOPERATIVE_NOT_FOUND', `cooperative ${cooperativeId} does not exist`, 'cooperativeId');
    throw new DomainError('ODOO_NOT_CONFIGURED', 'this cooperative has no Odoo connection: PUT …/odoo/connection first', 'cooperativeId');
  }
}
