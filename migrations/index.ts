import { InitialSchema1764057600000 } from './1764057600000-initial-schema';
import { RedemptionRequests1764144000000 } from './1764144000000-redemption-requests';
import { IdempotencyResponse1764230400000 } from './1764230400000-idempotency-response';
import { OdooSync1764316800000 } from './1764316800000-odoo-sync';
import { LedgerReadIndexes1764403200000 } from './1764403200000-ledger-read-indexes';
import { MembershipChanges1764489600000 } from './1764489600000-membership-changes';
import { UnpaidByDueDate1764496800000 } from './1764496800000-unpaid-by-due-date';
import { OdooTargets1764921600000 } from './1764921600000-odoo-targets';
import { MemberSearch1765050000000 } from './1765050000000-member-search';
import { AccountsAndTenancy1765100000000 } from './1765100000000-accounts-and-tenancy';

/** Every migration, in order. Listed explicitly so that compiled and ts-jest runs load the same set. */
export const ALL_MIGRATIONS = [
  InitialSchema1764057600000,
  RedemptionRequests1764144000000,
  IdempotencyResponse1764230400000,
  OdooSync1764316800000,
  LedgerReadIndexes1764403200000,
  MembershipChanges1764489600000,
  UnpaidByDueDate1764496800000,
  OdooTargets1764921600000,
  MemberSearch1765050000000,
  AccountsAndTenancy1765100000000,
];
