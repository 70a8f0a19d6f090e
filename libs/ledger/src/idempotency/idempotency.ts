import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { DomainError } from '@coop/core';

/** An Idempotency-Key with the fingerprint of the request it came with. */
export interface IdempotencyClaim {
  key: string;
  fingerprint: string;
}

/** A hash of the request; object keys are sorted, so the same body sent with its keys in another order matches. */
export function fingerprint(parts: unknown[]): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Claims the key inside the write's own transaction, for the resource id the write is about to create.
 * A concurrent first request holds the key's row until it commits, so a replay waits and then sees its result.
 * Returns what a previous request with this key created (and answered, when its answer was saved), or null when
 * this request is the first.
 */
export async function claimIdempotencyKey(
  q: QueryRunner,
  cooperativeId: string,
  claim: IdempotencyClaim | undefined,
  resourceType: string,
  resourceId: string,
): Promise<{ resourceId: string; response: unknown } | null> {
  if (!claim) return null;
  const inserted = await q.query(
    `INSERT INTO idempotency_key (cooperative_id, key, request_hash, resource_type, resource_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (cooperative_id, key) DO NOTHING RETURNING resource_id`,
    [cooperativeId, claim.key, claim.fingerprint, resourceType, resourceId],
  );
  if (inserted.length) return null;
  const [previous] = await q.query('SELECT request_hash, resource_type, resource_id, response FROM idempotency_key WHERE cooperative_id = $1 AND key = $2', [
    cooperativeId,
    claim.key,
  ]);
  if (previous.request_hash !== claim.fingerprint || previous.resource_type !== resourceType) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with another request', 'Idempotency-Key');
  }
  return { resourceId: previous.resource_id, response: previous.response };
}

/** Keeps the first answer, for resources that change after they are created. */
export async function saveIdempotentResponse(q: QueryRunner, cooperativeId: string, claim: IdempotencyClaim | undefined, response: unknown): Promise<void> {
  if (!claim) return;
  await q.query('UPDATE idempotency_key SET response = $3 WHERE cooperative_id = $1 AND key = $2', [cooperativeId, claim.key, JSON.stringify(response)]);
}
