import { DomainError } from '../errors/domain-error';

/** A person's role in one cooperative. One role per person and cooperative; several cooperatives per person. */
export const COOPERATIVE_ROLES = ['admin', 'accountant', 'member'] as const;
export type CooperativeRole = (typeof COOPERATIVE_ROLES)[number];

/** Higher can do all that lower can: an API token's role is never above its creator's. */
export const ROLE_RANK: Readonly<Record<CooperativeRole, number>> = { member: 1, accountant: 2, admin: 3 };

/**
 * What may be done in a cooperative, and by which roles: the one table of the access rules. A route names one of these
 * (apps/api `@Access`), a service asks `cooperativeContext` / `requireMemberAccess`; nothing else decides.
 * `member` rights on a member resource are limited to the member's own record (`requireMemberAccess`).
 */
export const PERMISSIONS = {
  'cooperative.read': ['admin', 'accountant', 'member'],
  'cooperative.configure': ['admin'],
  'members.list': ['admin', 'accountant'],
  'member.read': ['admin', 'accountant', 'member'],
  'members.write': ['admin'],
  'movements.read': ['admin', 'accountant'],
  'movements.write': ['admin'],
  'capital.read': ['admin', 'accountant'],
  'register.read': ['admin', 'accountant'],
  'certificate.read': ['admin', 'member'],
  /** The member's own space (/api/me/cooperatives/…): whoever's account is bound to a member record there. */
  'own-member.read': ['admin', 'accountant', 'member'],
  'own-member.write': ['admin', 'accountant', 'member'],
  'odoo.read': ['admin', 'accountant'],
  'odoo.sync': ['admin', 'accountant'],
  'odoo.link': ['admin', 'accountant'],
  'odoo.configure': ['admin'],
  'accounts.manage': ['admin'],
  'audit.read': ['admin'],
  'personal-data.manage': ['admin'],
} as const satisfies Record<string, readonly CooperativeRole[]>;
export type Permission = keyof typeof PERMISSIONS;

export function roleMay(role: CooperativeRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly CooperativeRole[]).includes(role);
}

export interface Grant {
  cooperativeId: string;
  role: CooperativeRole;
  /** The member record the account is bound to (always for `member`; an admin may be a member too). */
  memberId: string | null;
  /** The cooperative requires its admins to have signed in with a second factor. */
  secondFactorRequired?: boolean;
}

/** Who is acting: a person, a script's API token, or the service itself (the demo loader, the Odoo worker). */
export interface Actor {
  kind: 'user' | 'api-token' | 'system';
  userId: string | null;
  tokenId: string | null;
  /** For the audit trail: an email, a token's name, or the system task. */
  label: string;
  operator: boolean;
  /** Signed in with a second factor (API tokens are made from such a session when it is required). */
  secondFactor?: boolean;
  grants: readonly Grant[];
}

/** The acting context every cooperative service takes first: who acts, in which cooperative, with which role. */
export interface CooperativeContext {
  actor: Actor;
  cooperativeId: string;
  role: CooperativeRole;
  memberId: string | null;
}

/**
 * The context of `actor` in `cooperativeId` for `permission`. No role there: 404 (no existence leak, not even to an
 * operator, who creates cooperatives but does not read their registers); a role that may not: 403.
 */
export function cooperativeContext(actor: Actor, cooperativeId: string, permission: Permission): CooperativeContext {
  const grant = actor.grants.find((g) => g.cooperativeId === cooperativeId);
  if (!grant) throw new DomainError('COOPERATIVE_NOT_FOUND', `cooperative ${cooperativeId} does not exist`, 'cooperativeId');
  if (!roleMay(grant.role, permission)) {
    throw new DomainError('FORBIDDEN', `the role ${grant.role} may not do this (${permission})`, undefined, { role: grant.role, permission });
  }
  if (grant.role === 'admin' && grant.secondFactorRequired && !actor.secondFactor) {
    throw new DomainError('SECOND_FACTOR_SETUP_REQUIRED', 'this cooperative requires its admins to sign in with a second factor (TOTP)');
  }
  return { actor, cooperativeId, role: grant.role, memberId: grant.memberId };
}

/** A `member` reaches only their own member record: another's is a 404, as if it did not exist. */
export function requireMemberAccess(ctx: CooperativeContext, memberId: string): void {
  if (ctx.role === 'member' && ctx.memberId !== memberId) {
    throw new DomainError('MEMBER_NOT_FOUND', `member ${memberId} does not exist in this cooperative`, 'memberId');
  }
}

/** The service acting on its own (demo loader, Odoo worker, CLI): full rights in one cooperative, named in the audit. */
export function systemContext(cooperativeId: string, task: string): CooperativeContext {
  const actor: Actor = {
    kind: 'system',
    userId: null,
    tokenId: null,
    label: `system:${task}`,
    operator: false,
    grants: [{ cooperativeId, role: 'admin', memberId: null }],
  };
  return { actor, cooperativeId, role: 'admin', memberId: null };
}
