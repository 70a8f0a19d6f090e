import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ActorResolver, AuditService, AUTH_OPTIONS, type AuthOptions } from '@coop/auth';
import { cooperativeContext, DomainError } from '@coop/core';
import { ACCESS_RULE, type AccessRequest, type AccessRule } from './access.decorator';
import { recordWrite, statusOf, WRITE_METHODS } from './audit-write';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type GuardedRequest = Request & AccessRequest & { sessionFamilyId?: string | null };

/**
 * The one gate of every route: no rule, nobody; a token that does not verify, 401; a role that may not, 403; a
 * cooperative where the actor has no role, 404. What it resolves (actor, acting context) is what services receive.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly actors: ActorResolver,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    private readonly audit: AuditService,
  ) {}

  /** A write refused here (401, 403, 404) is in the audit trail too: in its cooperative's when the actor has a role there. */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    try {
      return await this.check(context, req);
    } catch (e) {
      if (WRITE_METHODS.has(req.method)) {
        const cooperativeId = typeof req.params.cooperativeId === 'string' ? req.params.cooperativeId.toLowerCase() : null;
        const hasRole = !!cooperativeId && !!req.actor?.grants.some((g) => g.cooperativeId === cooperativeId);
        await recordWrite(this.audit, req, statusOf(e), undefined, hasRole ? cooperativeId : null);
      }
      throw e;
    }
  }

  private async check(context: ExecutionContext, req: GuardedRequest): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new DomainError('FORBIDDEN', 'this route declares no access rule: nobody may call it');
    if (rule.kind === 'public') return true;
    const header = req.header('authorization') ?? '';
    const match = /^Bearer ([\x21-\x7e]{10,4096})$/i.exec(header);
    if (!match) throw new DomainError('AUTHENTICATION_REQUIRED', 'sign in: send `Authorization: Bearer <access token or API token>`');
    const { actor, familyId } = await this.actors.resolve(match[1]);
    req.actor = actor;
    req.sessionFamilyId = familyId;
    if (rule.kind === 'operator') {
      if (!actor.operator) throw new DomainError('FORBIDDEN', 'only the platform operators may do this');
      if (this.options.operatorRequiresSecondFactor && !actor.secondFactor) {
        throw new DomainError('SECOND_FACTOR_SETUP_REQUIRED', 'operators must sign in with a second factor (TOTP)');
      }
    }
    if (rule.kind === 'cooperative') {
      const cooperativeId = req.params.cooperativeId;
      if (typeof cooperativeId !== 'string' || !UUID.test(cooperativeId)) {
        throw new DomainError('VALIDATION_FAILED', 'cooperativeId must be a UUID', 'cooperativeId');
      }
      req.cooperativeContext = cooperativeContext(actor, cooperativeId.toLowerCase(), rule.permission);
    }
    return true;
  }
}
