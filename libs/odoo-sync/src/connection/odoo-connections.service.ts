import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { inTransaction } from '@coop/database';
import { DataSource, type QueryRunner } from 'typeorm';
import { DomainError, odooSecretEnvProblem, type CooperativeContext } from '@coop/core';
import type { OdooCapabilities, OdooConnection } from '@coop/odoo';
import { SecretBox } from '../secret-box';
import { SYNC_LOCK_SQL, syncLockKey } from '../sync/sync-lock';
import { normalizeOdooUrl, previewConnectionChange, type ConnectionChangePreview, type TargetIdentity } from './connection-change';

export const ODOO_SYNC_ENV = Symbol('ODOO_SYNC_ENV');
/** The environment the bridge reads secrets from (process.env in production; a plain object in tests). */
export type OdooSyncEnv = Readonly<Record<string, string | undefined>>;

/** The external ids' module when the connection names none. */
export const DEFAULT_MODULE = 'coop_ledger';

export interface ConnectionInput {
  url: string;
  database: string;
  login: string;
  /** The password or API key, stored encrypted (needs ODOO_SECRET_KEY). */
  secret?: string;
  /** Or the name of an environment variable that holds it (nothing secret is stored): ODOO_SECRET_… only. */
  secretEnv?: string;
  module?: string;
  /** The Odoo company (`res.company` id) the cooperative's partners belong to; none: partners shared by every company. */
  companyId?: number | null;
  enabled?: boolean;
  /** Required to point the cooperative at another target (see the preview). */
  confirmNewTarget?: boolean;
}

interface ConnectionRow {
  cooperative_id: string;
  target_id: string;
  url: string;
  database: string;
  login: string;
  secret_ciphertext: string | null;
  secret_env: string | null;
  module: string;
  company_id: number | null;
  enabled: boolean;
  capabilities: OdooCapabilities | null;
  capabilities_checked_at: Date | null;
  updated_at: Date;
}

export interface ResolvedConnection {
  cooperativeId: string;
  targetId: string;
  connection: OdooConnection;
  module: string;
  companyId: number | null;
  enabled: boolean;
}

/** What the API shows: never the secret, only where it is kept. */
const view = (r: ConnectionRow) => ({
  url: r.url,
  database: r.database,
  login: r.login,
  secret: r.secret_ciphertext ? 'stored encrypted' : `from environment variable ${r.secret_env}`,
  module: r.module,
  companyId: r.company_id,
  enabled: r.enabled,
  targetId: r.target_id,
  capabilities: r.capabilities,
  capabilitiesCheckedAt: r.capabilities_checked_at?.toISOString() ?? null,
  updatedAt: r.updated_at.toISOString(),
});
export type ConnectionView = ReturnType<typeof view>;

const identityOf = (input: Pick<ConnectionInput, 'url' | 'database' | 'module'>): TargetIdentity => ({
  url: normalizeOdooUrl(input.url),
  database: input.database,
  module: input.module ?? DEFAULT_MODULE,
});

@Injectable()
export class OdooConnectionsService {
  /** Kept while the passphrase is the same: a SecretBox caches its scrypt-derived keys, which are slow to derive. */
  private box?: { passphrase: string; box: SecretBox };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ODOO_SYNC_ENV) private readonly env: OdooSyncEnv,
  ) {}

  private secretBox(passphrase: string): SecretBox {
    if (this.box?.passphrase !== passphrase) this.box = { passphrase, box: new SecretBox(passphrase) };
    return this.box.box;
  }

  /** What setting this connection would do (first connection, same target, or a new target), without doing it. */
  async preview(ctx: CooperativeContext, input: ConnectionInput): Promise<ConnectionChangePreview> {
    const { cooperativeId } = ctx;
    return inTransaction(this.db, (q) => this.previewIn(q, cooperativeId, input));
  }

  /**
   * Sets the cooperative's Odoo. The first connection queues every member; a new target (another URL, database or
   * module) needs `confirmNewTarget`, retires the previous target (its states stay as history) and queues every member;
   * a change of company queues every member. Refused while a sync runs (it would write to the target being replaced).
   */
  async upsert(ctx: CooperativeContext, input: ConnectionInput): Promise<ConnectionView & { change: ConnectionChangePreview }> {
    const { cooperativeId } = ctx;
    if (!!input.secret === !!input.secretEnv) {
      throw new DomainError('VALIDATION_FAILED', 'give either secret (stored encrypted) or secretEnv (the name of an environment variable)', 'secret');
    }
    // The API checks it too; here for every other caller (the caller chooses the URL the secret is sent to).
    const envProblem = input.secretEnv ? odooSecretEnvProblem(input.secretEnv) : null;
    if (envProblem) throw new DomainError('VALIDATION_FAILED', envProblem, 'secretEnv');
    let ciphertext: string | null = null;
    if (input.secret) {
      const key = this.env.ODOO_SECRET_KEY;
      if (!key) throw new DomainError('ODOO_SECRET_KEY_MISSING', 'set ODOO_SECRET_KEY on the service to store secrets, or use secretEnv', 'secret');
      ciphertext = this.secretBox(key).seal(input.secret);
    }
    return inTransaction(this.db, async (q) => {
      const change = await this.previewIn(q, cooperativeId, input, { lock: true });
      if (change.needsConfirmation && !input.confirmNewTarget) {
        throw new DomainError(
          'ODOO_TARGET_CHANGE_UNCONFIRMED',
          `this connection points the cooperative at another Odoo target (${change.effects.join('; ')}): send it again with confirmNewTarget: true`,
          'url',
          { preview: change },
        );
      }
      if (change.membersQueued > 0) {
        // A running sync would go on writing to the target being replaced, or with the former company.
        const [{ locked }] = await q.query(`SELECT ${SYNC_LOCK_SQL.tryTransaction} AS locked`, [syncLockKey(cooperativeId)]);
        if (!locked)
          throw new DomainError('ODOO_SYNC_RUNNING', 'a sync of this cooperative is running: make this change when it has finished', 'cooperativeId');
      }
      let [current]: { target_id: string }[] = await q.query('SELECT target_id FROM odoo_connection WHERE cooperative_id = $1', [cooperativeId]);
      if (change.change !== 'SAME_TARGET') {
        await q.query('UPDATE odoo_target SET retired_at = now() WHERE cooperative_id = $1 AND retired_at IS NULL', [cooperativeId]);
        [current] = await q.query('INSERT INTO odoo_target (cooperative_id, url, database, module) VALUES ($1, $2, $3, $4) RETURNING id AS target_id', [
          cooperativeId,
          change.newTarget.url,
          change.newTarget.database,
          change.newTarget.module,
        ]);
      }
      const [row]: ConnectionRow[] = await q.query(
        `INSERT INTO odoo_connection (cooperative_id, target_id, url, database, login, secret_ciphertext, secret_env, module, company_id, enabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (cooperative_id) DO UPDATE SET target_id = EXCLUDED.target_id, url = EXCLUDED.url, database = EXCLUDED.database,
           login = EXCLUDED.login, secret_ciphertext = EXCLUDED.secret_ciphertext, secret_env = EXCLUDED.secret_env, module = EXCLUDED.module,
           company_id = EXCLUDED.company_id, enabled = EXCLUDED.enabled, capabilities = NULL, capabilities_checked_at = NULL, updated_at = now()
         RETURNING *`,
        [
          cooperativeId,
          current.target_id,
          change.newTarget.url,
          input.database,
          input.login,
          ciphertext,
          input.secretEnv ?? null,
          change.newTarget.module,
          input.companyId ?? null,
          input.enabled ?? true,
        ],
      );
      if (change.membersQueued > 0) {
        const reason = change.change === 'SAME_TARGET' ? 'COMPANY_CHANGED' : change.change === 'NEW_TARGET' ? 'NEW_TARGET' : 'FIRST_SYNC';
        await q.query(
          `INSERT INTO odoo_sync_event (cooperative_id, member_id, reason) SELECT cooperative_id, id, $2 FROM member WHERE cooperative_id = $1 AND ` +
            `member_number IS NOT NULL`,
          [cooperativeId, reason],
        );
      }
      return { ...view(row), change };
    });
  }

  private async previewIn(q: QueryRunner, cooperativeId: string, input: ConnectionInput, options: { lock?: boolean } = {}): Promise<ConnectionChangePreview> {
    const [coop] = await q.query(`SELECT id FROM cooperative WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [cooperativeId]);
    if (!coop) throw new DomainError('COOPERATIVE_NOT_FOUND', `cooperative ${cooperativeId} does not exist`, 'cooperativeId');
    const [existing]: { url: string; database: string; module: string; company_id: number | null }[] = await q.query(
      'SELECT t.url, t.database, t.module, c.company_id FROM odoo_connection c JOIN odoo_target t ON t.id = c.target_id WHERE c.cooperative_id = $1',
      [cooperativeId],
    );
    const [{ members }] = await q.query('SELECT count(*)::int AS members FROM member WHERE cooperative_id = $1 AND member_number IS NOT NULL', [cooperativeId]);
    return previewConnectionChange(
      existing ? { target: { url: existing.url, database: existing.database, module: existing.module }, companyId: existing.company_id } : null,
      { target: identityOf(input), companyId: input.companyId ?? null },
      members,
    );
  }

  async get(ctx: CooperativeContext): Promise<ConnectionView> {
    return view(await this.row(ctx.cooperativeId));
  }

  /** The cooperative's targets, current first, with how many members each holds as synced (the history of a move). */
  async targets(ctx: CooperativeContext) {
    const { cooperativeId } = ctx;
    await this.row(cooperativeId);
    const rows = await this.db.query(
      `SELECT t.id, t.url, t.database, t.module, t.created_at, t.retired_at,
              (SELECT count(*)::int FROM odoo_member_sync s WHERE s.target_id = t.id AND s.status = 'SYNCED') AS synced
       FROM odoo_target t WHERE t.cooperative_id = $1 ORDER BY t.retired_at IS NULL DESC, t.created_at DESC`,
      [cooperativeId],
    );
    return rows.map((r: { id: string; url: string; database: string; module: string; created_at: Date; retired_at: Date | null; synced: number }) => ({
      id: r.id,
      url: r.url,
      database: r.database,
      module: r.module,
      current: r.retired_at === null,
      createdAt: r.created_at.toISOString(),
      retiredAt: r.retired_at?.toISOString() ?? null,
      syncedMembers: r.synced,
    }));
  }

  /** The cooperative's current target (its states are the ones the API shows). */
  async target(cooperativeId: string): Promise<{ targetId: string }> {
    return { targetId: (await this.row(cooperativeId)).target_id };
  }

  /** The connection with its secret, for the gateway only. */
  async resolve(cooperativeId: string): Promise<ResolvedConnection> {
    const r = await this.row(cooperativeId);
    let secret: string | undefined;
    if (r.secret_env) {
      // A row stored before the rule (secret_env = 'DATABASE_URL'…) must not send that setting to its URL.
      const problem = odooSecretEnvProblem(r.secret_env);
      if (problem)
        throw new DomainError(
          'ODOO_SECRET_UNAVAILABLE',
          `the environment variable ${r.secret_env} named by this connection is not read: ${problem}; PUT the connection again`,
          'secretEnv',
        );
      secret = this.env[r.secret_env];
      if (!secret)
        throw new DomainError('ODOO_SECRET_UNAVAILABLE', `the environment variable ${r.secret_env} that holds the Odoo secret is not set`, 'secretEnv');
    } else {
      const key = this.env.ODOO_SECRET_KEY;
      if (!key) throw new DomainError('ODOO_SECRET_UNAVAILABLE', 'ODOO_SECRET_KEY is not set: the stored Odoo secret cannot be decrypted', 'secret');
      try {
        secret = this.secretBox(key).open(r.secret_ciphertext as string);
      } catch {
        throw new DomainError('ODOO_SECRET_UNAVAILABLE', 'the stored Odoo secret does not decrypt with this ODOO_SECRET_KEY: set the secret again', 'secret');
      }
    }
    return {
      cooperativeId,
      targetId: r.target_id,
      connection: { url: r.url, database: r.database, login: r.login, secret },
      module: r.module,
      companyId: r.company_id,
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
