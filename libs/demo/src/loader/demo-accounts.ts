import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UsersService } from '@coop/auth';
import type { CooperativeRole } from '@coop/core';

/** One account per role on the demo cooperative, with known passwords: demo databases only (SEED_DEMO), never production. */
export const DEMO_ACCOUNTS: readonly { email: string; password: string; role: CooperativeRole | 'operator' }[] = [
  { email: 'operator@demo.coop', password: 'demo-operator-2026', role: 'operator' },
  { email: 'admin@demo.coop', password: 'demo-admin-2026', role: 'admin' },
  { email: 'accountant@demo.coop', password: 'demo-accountant-2026', role: 'accountant' },
  { email: 'member@demo.coop', password: 'demo-member-2026', role: 'member' },
];

/** Creates (or resets) the demo accounts; the member account is bound to member no. 1. Returns lines to print. */
export async function ensureDemoAccounts(app: INestApplicationContext, cooperativeId: string): Promise<string[]> {
  const users = app.get(UsersService);
  const [first] = await app
    .get(DataSource)
    .query('SELECT id, member_number FROM member WHERE cooperative_id = $1 AND member_number IS NOT NULL ORDER BY member_number LIMIT 1', [cooperativeId]);
  const lines = ['demo accounts (demo database only; the passwords are public):'];
  for (const account of DEMO_ACCOUNTS) {
    const userId = await users.ensureUser({ email: account.email, password: account.password, operator: account.role === 'operator' });
    if (account.role !== 'operator') {
      const memberId = account.role === 'member' ? (first?.id ?? null) : null;
      if (account.role === 'member' && !memberId) continue;
      await users.grantRole({ userId, cooperativeId, role: account.role, memberId, grantedBy: 'demo seed' });
    }
    const what = account.role === 'member' ? `member no. ${first.member_number}` : account.role;
    lines.push(`  ${what.padEnd(16)} ${account.email} / ${account.password}`);
  }
  return lines;
}
