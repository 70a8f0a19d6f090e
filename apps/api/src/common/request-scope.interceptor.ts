import { HttpException, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { catchError, concatMap, from, Observable, throwError } from 'rxjs';
import { AuditService } from '@coop/auth';
import { DomainError, ERROR_HTTP_STATUS } from '@coop/core';
import { runInTenant } from '@coop/database';
import type { GuardedRequest } from './access.guard';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Writes whose body is not kept: sign-ins and secrets only (redactSecrets would blank them anyway). */
const NO_BODY = /^\/api\/(auth|me\/password|me\/second-factor|invitations)/;

function statusOf(error: unknown): number {
  if (error instanceof DomainError) return ERROR_HTTP_STATUS[error.code];
  if (error instanceof HttpException) return error.getStatus();
  return 500;
}

/**
 * Runs a cooperative's request inside its tenant scope (every connection it takes is limited to that cooperative by
 * row-level security), and writes each write, done or refused, to the audit trail before answering: who, when, from
 * where, what, and its outcome.
 */
@Injectable()
export class RequestScopeInterceptor implements NestInterceptor {
  private readonly log = new Logger('audit');

  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const cooperativeId = req.cooperativeContext?.cooperativeId;
    const okStatus = (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? (req.method === 'POST' ? 201 : 200);
    const handle = () =>
      WRITES.has(req.method)
        ? next.handle().pipe(
            concatMap((body) => from(this.record(req, okStatus, body).then(() => body))),
            catchError((e: unknown) => from(this.record(req, statusOf(e))).pipe(concatMap(() => throwError(() => e)))),
          )
        : next.handle();
    if (!cooperativeId) return handle();
    return new Observable((subscriber) => runInTenant(cooperativeId, () => handle().subscribe(subscriber)));
  }

  /** The audit never changes a request's outcome: an audit row that cannot be written is logged as an error. */
  private async record(req: GuardedRequest, status: number, body?: unknown): Promise<void> {
    await this.write(req, status, body).catch((e: Error) => this.log.error({ message: 'audit event not written', route: req.route?.path, error: e.message }));
  }

  private async write(req: GuardedRequest, status: number, body?: unknown): Promise<void> {
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    const params = req.params as Record<string, string>;
    const resourceParam = Object.keys(params)
      .filter((k) => k !== 'cooperativeId')
      .pop();
    const createdId = body && typeof body === 'object' && 'id' in body ? String((body as { id: unknown }).id) : null;
    await this.audit.record({
      actor: req.actor ?? null,
      cooperativeId: req.cooperativeContext?.cooperativeId ?? null,
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
    });
  }
}
