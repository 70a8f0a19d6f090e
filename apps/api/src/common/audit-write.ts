import { HttpException, Logger } from '@nestjs/common';
import type { AuditService } from '@coop/auth';
import { DomainError, ERROR_HTTP_STATUS } from '@coop/core';
import type { GuardedRequest } from './access.guard';

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Writes whose body is not kept: sign-ins and secrets only (redactSecrets would blank them anyway). */
const NO_BODY = /^\/api\/(auth|me\/password|me\/second-factor|invitations)/;
const log = new Logger('audit');

export function statusOf(error: unknown): number {
  if (error instanceof DomainError) return ERROR_HTTP_STATUS[error.code];
  if (error instanceof HttpException) return error.getStatus();
  return 500;
}

/**
 * One write in the audit trail: who, from where, which route and resource, its outcome, and the requested change.
 * It never changes the request's outcome: an event that cannot be written is logged as an error.
 */
export async function recordWrite(audit: AuditService, req: GuardedRequest, status: number, body?: unknown, cooperativeId?: string | null): Promise<void> {
  const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
  const params = req.params as Record<string, string>;
  const resourceParam = Object.keys(params)
    .filter((k) => k !== 'cooperativeId')
    .pop();
  const createdId = body && typeof body === 'object' && 'id' in body ? String((body as { id: unknown }).id) : null;
  await audit
    .record({
      actor: req.actor ?? null,
      // a cooperative's creation is the first event of its own trail
      cooperativeId:
        cooperativeId !== undefined ? cooperativeId : (req.cooperativeContext?.cooperativeId ?? (route === '/api/cooperatives' ? createdId : null)),
      ip: req.ip ?? null,
      method: req.method,
      route,
      status,
      resourceType:
        route
          .split('/')
          .filter((p) => p && !p.startsWith(':'))
          .pop() ?? null,
      resourceId: resourceParam ? params[resourceParam] : createdId,
      change: NO_BODY.test(route) ? undefined : req.body,
    })
    .catch((e: Error) => log.error({ message: 'audit event not written', route, error: e.message }));
}
