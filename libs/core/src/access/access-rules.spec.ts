import fc from 'fast-check';
import { DomainError } from '../errors/domain-error';
import {
  COOPERATIVE_ROLES,
  cooperativeContext,
  PERMISSIONS,
  requireMemberAccess,
  ROLE_RANK,
  roleMay,
  systemContext,
  type Actor,
  type Permission,
} from './access-rules';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const actor = (role: Actor['grants'][number]['role'], memberId: string | null = null): Actor => ({
  kind: 'user',
  userId: 'u',
  tokenId: null,
  label: 'u@example.org',
  operator: false,
  grants: [{ cooperativeId: A, role, memberId }],
});
const codeOf = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as DomainError).code;
  }
};

describe('access rules', () => {
  it('a cooperative the actor has no role in does not exist for them, whatever the permission', () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      expect(codeOf(() => cooperativeContext(actor('admin'), B, permission))).toBe('COOPERATIVE_NOT_FOUND');
      expect(codeOf(() => cooperativeContext({ ...actor('admin'), operator: true, grants: [] }, A, permission))).toBe('COOPERATIVE_NOT_FOUND');
    }
  });

  it('admin may do everything; accountant reads and syncs but writes no member or movement; member reads their own', () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) expect(roleMay('admin', permission)).toBe(true);
    expect(codeOf(() => cooperativeContext(actor('accountant'), A, 'movements.write'))).toBe('FORBIDDEN');
    expect(codeOf(() => cooperativeContext(actor('accountant'), A, 'members.write'))).toBe('FORBIDDEN');
    expect(cooperativeContext(actor('accountant'), A, 'odoo.sync').role).toBe('accountant');
    expect(cooperativeContext(actor('accountant'), A, 'register.read').role).toBe('accountant');
    expect(codeOf(() => cooperativeContext(actor('member', 'm1'), A, 'members.list'))).toBe('FORBIDDEN');
    expect(cooperativeContext(actor('member', 'm1'), A, 'member.read').memberId).toBe('m1');
  });

  it('a member reaching another member gets a 404; admins and accountants reach any member', () => {
    const own = cooperativeContext(actor('member', 'm1'), A, 'member.read');
    expect(() => requireMemberAccess(own, 'm1')).not.toThrow();
    expect(codeOf(() => requireMemberAccess(own, 'm2'))).toBe('MEMBER_NOT_FOUND');
    expect(() => requireMemberAccess(cooperativeContext(actor('accountant'), A, 'member.read'), 'm2')).not.toThrow();
  });

  it('rights grow with the rank of the role (what a lower role may, a higher one may too)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(PERMISSIONS) as Permission[])),
        fc.constantFrom(...COOPERATIVE_ROLES),
        fc.constantFrom(...COOPERATIVE_ROLES),
        (p, r1, r2) => {
          if (ROLE_RANK[r1] <= ROLE_RANK[r2] && roleMay(r1, p) && p !== 'certificate.read') expect(roleMay(r2, p)).toBe(true);
        },
      ),
    );
  });

  it('a cooperative that requires a second factor of its admins refuses an admin session without one (403), not other roles', () => {
    const strict = (role: 'admin' | 'accountant', secondFactor: boolean): Actor => ({
      ...actor(role),
      secondFactor,
      grants: [{ cooperativeId: A, role, memberId: null, secondFactorRequired: true }],
    });
    expect(codeOf(() => cooperativeContext(strict('admin', false), A, 'cooperative.read'))).toBe('SECOND_FACTOR_SETUP_REQUIRED');
    expect(cooperativeContext(strict('admin', true), A, 'cooperative.read').role).toBe('admin');
    expect(cooperativeContext(strict('accountant', false), A, 'cooperative.read').role).toBe('accountant');
  });

  it('the system context acts as admin in its one cooperative only', () => {
    const ctx = systemContext(A, 'demo');
    expect(ctx.role).toBe('admin');
    expect(codeOf(() => cooperativeContext(ctx.actor, B, 'cooperative.read'))).toBe('COOPERATIVE_NOT_FOUND');
  });
});
