/**
 * What pointing a cooperative at an Odoo does, decided before anything is written. Pure.
 *
 * A **target** is one Odoo database (its URL and database name) under one external-id module: the members' bindings
 * live there, so the members' sync states belong to it. Changing the URL, the database or the module is a new target:
 * every member is queued for it (a new, empty Odoo is filled; an Odoo that already holds our external ids — the same
 * server under another name — gets its partners updated in place, never duplicated), and the old target's states stay
 * as history. Login, secret, company and `enabled` are settings of the same target.
 */

export interface TargetIdentity {
  url: string;
  database: string;
  module: string;
}

export type ConnectionChangeKind = 'FIRST_CONNECTION' | 'SAME_TARGET' | 'NEW_TARGET';

export interface ConnectionChangePreview {
  change: ConnectionChangeKind;
  currentTarget: TargetIdentity | null;
  newTarget: TargetIdentity;
  companyChanged: boolean;
  /** Members queued for a sync by the change (0: the next runs only carry on). */
  membersQueued: number;
  /** A change of target is only made when the request says `confirmNewTarget: true`. */
  needsConfirmation: boolean;
  /** What the change will do, in words, for the accountant who asked. */
  effects: string[];
}

/** The URL that names a server: scheme and host in lower case, default port dropped, no trailing `/` nor `/xmlrpc/2`. */
export function normalizeOdooUrl(raw: string): string {
  const url = new URL(raw);
  const path = url.pathname.replace(/\/+$/, '').replace(/\/xmlrpc(\/2)?$/i, '');
  return `${url.protocol}//${url.host}${path}`; // URL already lower-cases the scheme and host and drops a default port
}

const describeTarget = (t: TargetIdentity) => `${t.url} (database ${t.database}, external ids in module ${t.module})`;

export function sameTarget(a: TargetIdentity, b: TargetIdentity): boolean {
  return a.url === b.url && a.database === b.database && a.module === b.module;
}

/** What setting `next` on a cooperative whose connection is `current` (null: none yet) does, for `members` members. */
export function previewConnectionChange(
  current: { target: TargetIdentity; companyId: number | null } | null,
  next: { target: TargetIdentity; companyId: number | null },
  members: number,
): ConnectionChangePreview {
  const base = { currentTarget: current?.target ?? null, newTarget: next.target, companyChanged: current !== null && current.companyId !== next.companyId };
  const company = next.companyId === null ? 'without a company (shared by every company)' : `in Odoo company ${next.companyId}`;
  if (current === null) {
    return {
      ...base,
      change: 'FIRST_CONNECTION',
      membersQueued: members,
      needsConfirmation: false,
      effects: [`every member (${members}) is queued: the next sync creates each one's contact in ${describeTarget(next.target)}, ${company}`],
    };
  }
  if (!sameTarget(current.target, next.target)) {
    return {
      ...base,
      change: 'NEW_TARGET',
      membersQueued: members,
      needsConfirmation: true,
      effects: [
        `a new target: ${describeTarget(next.target)} replaces ${describeTarget(current.target)}`,
        `every member (${members}) is queued for the new target: the next sync creates their contacts there (${company}), or updates in place the ` +
          `ones already bound there by an external id of module ${next.target.module}`,
        `nothing is written to the previous target any more; its sync states are kept as history (GET …/odoo/targets)`,
      ],
    };
  }
  if (base.companyChanged) {
    return {
      ...base,
      change: 'SAME_TARGET',
      membersQueued: members,
      needsConfirmation: false,
      effects: [`every member (${members}) is queued: the next sync moves their contacts ${company}`],
    };
  }
  return { ...base, change: 'SAME_TARGET', membersQueued: 0, needsConfirmation: false, effects: ['the settings change; no member is queued'] };
}
