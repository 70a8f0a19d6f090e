import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { catchError, concatMap, from, Observable, throwError } from 'rxjs';
import { AuditService } from '@coop/auth';
import { runInTenant } from '@coop/database';
import type { GuardedRequest } from './access.guard';
import { recordWrite, statusOf, WRITE_METHODS } from './audit-write';

/**
 * Runs a cooperative's request inside its tenant scope (every connection it takes is limited to that cooperative by
 * row-level security), and writes each write, done or refused, to the audit trail before answering (writes the guard
 * refuses are recorded by the guard).
 */
@Injectable()
export class RequestScopeInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const cooperativeId = req.cooperativeContext?.cooperativeId;
    const okStatus = (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? (req.method === 'POST' ? 201 : 200);
    const handle = () =>
      WRITE_METHODS.has(req.method)
        ? next.handle().pipe(
            concatMap((body) => from(recordWrite(this.audit, req, okStatus, body).then(() => body))),
            catchError((e: unknown) => from(recordWrite(this.audit, req, statusOf(e))).pipe(concatMap(() => throwError(() => e)))),
          )
        : next.handle();
    if (!cooperativeId) return handle();
    return new Observable((subscriber) => runInTenant(cooperativeId, () => handle().subscribe(subscriber)));
  }
}
