import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, type Actor, type CooperativeContext } from '@coop/core';
import { GroupCommitQueue, runInTenant, runOutsideTenant, type QueuedJob } from '@coop/database';

export interface AuditRecord {
  actor: Actor | null;
  cooperativeId: string | null;
  ip: string | null;
  method: string;
  /** the route's pattern (`/api/cooperatives/:cooperativeId/members/:memberId`), not the path */
  route: string;
  status: number;
  resourceType: string | null;
  resourceId: string | null;
  /** the requested change, without any secret (see redactSecrets) */
  change: unknown;
}

export interface AuditEventView {
  id: string;
  at: string;
  actor: { kind: string; userId: string | null; tokenId: string | null; label: string };
  ip: string | null;
  method: string;
  route: string;
  status: number;
  resourceType: string | null;
  resourceId: string | null;
  change: unknown;
}

/** Fields never written to the audit trail (nor to logs): their values are replaced. */
const SECRET_FIELD = /pass(word)?|secret|token|code|authorization|key/i;

/** The change as the audit keeps it: secrets blanked, and text jsonb can hold (a NUL or a lone surrogate, refused by the API anyway, becomes U+FFFD). */
export function redactSecrets(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) ? '[redacted]' : redactSecrets(v)]));
  }
  return value;
}

/** The columns an event is written with, and their types (one array per column, unnested into rows). */
const AUDIT_COLUMNS = [
  ['cooperative_id', 'uuid'],
  ['actor_kind', 'text'],
  ['actor_user_id', 'uuid'],
  ['actor_token_id', 'uuid'],
  ['actor_label', 'text'],
  ['ip', 'text'],
  ['method', 'text'],
  ['route', 'text'],
  ['status', 'int'],
  ['resource_type', 'text'],
  ['resource_id', 'text'],
  ['change', 'jsonb'],
] as const;
type AuditRow = unknown[];

interface AuditJob extends QueuedJob {
  row: AuditRow;
  resolve(): void;
}

/** The append-only audit trail (the database refuses updates and deletes, as for the journal). */
@Injectable()
export class AuditService {
  /**
   * Group commit, per cooperative: the writes of many requests are recorded by one multi-row insert and one commit,
   * each request answered once its row is committed. One commit per request halved the write rate (README).
   */
  private readonly queue = new GroupCommitQueue<AuditJob>(500, (cooperativeId, jobs) =>
    cooperativeId ? runInTenant(cooperativeId, () => this.write(jobs)) : runOutsideTenant(() => this.write(jobs)),
  );

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Resolves once the event is committed. */
  record(r: AuditRecord): Promise<void> {
    const row: AuditRow = [
      r.cooperativeId,
      r.actor?.kind ?? 'anonymous',
      r.actor?.userId ?? null,
      r.actor?.tokenId ?? null,
      r.actor?.label ?? 'anonymous',
      r.ip,
      r.method,
      r.route,
      r.status,
      r.resourceType,
      r.resourceId,
      r.change === undefined ? null : JSON.stringify(redactSecrets(r.change)),
    ];
    return new Promise((resolve, reject) => this.queue.push(r.cooperativeId ?? '', { row, resolve, reject }));
  }

  /** One insert for the batch; should it fail, each event alone, so that one bad event never takes the others with it. */
  private async write(jobs: AuditJob[]): Promise<void> {
    try {
      await this.insert(jobs);
      for (const job of jobs) job.resolve();
    } catch (e) {
      if (jobs.length === 1) throw e;
      for (const job of jobs) await this.insert([job]).then(job.resolve, job.reject);
    }
  }

  private async insert(jobs: AuditJob[]): Promise<void> {
    const columns = AUDIT_COLUMNS.map((_, i) => jobs.map((j) => j.row[i]));
    await this.db.query(
      `INSERT INTO audit_event (${AUDIT_COLUMNS.map(([name]) => name).join(', ')})
       SELECT * FROM unnest(${AUDIT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`,
      columns,
    );
  }

  /** Newest first; filters by actor (user id), route fragment, resource and period. */
  async list(
    ctx: CooperativeContext,
    f: { userId?: string; resourceId?: string; route?: string; from?: string; to?: string; limit: number; before?: string },
  ): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
    if (f.before !== undefined && !/^\d{1,18}$/.test(f.before)) throw new DomainError('INVALID_CURSOR', 'cursor is not valid', 'cursor');
    const rows = await this.db.query(
      `SELECT * FROM audit_event
        WHERE cooperative_id = $1 AND ($2::uuid IS NULL OR actor_user_id = $2) AND ($3::text IS NULL OR resource_id = $3)
          AND ($4::text IS NULL OR route LIKE '%' || $4 || '%') AND ($5::date IS NULL OR at >= $5::date) AND ($6::date IS NULL OR at < $6::date + 1)
          AND ($7::bigint IS NULL OR id < $7)
        ORDER BY id DESC LIMIT $8`,
      [ctx.cooperativeId, f.userId ?? null, f.resourceId ?? null, f.route ?? null, f.from ?? null, f.to ?? null, f.before ?? null, f.limit + 1],
    );
    const items = rows.slice(0, f.limit).map((r: Record<string, unknown>) => ({
      id: String(r.id),
      at: (r.at as Date).toISOString(),
      actor: { kind: r.actor_kind, userId: r.actor_user_id, tokenId: r.actor_token_id, label: r.actor_label },
      ip: r.ip,
      method: r.method,
      route: r.route,
      status: r.status,
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      change: r.change,
    })) as AuditEventView[];
    return { items, nextCursor: rows.length > f.limit ? items[items.length - 1].id : null };
  }
}
