/**
 * Proposals to link members to contacts that already exist in Odoo (a cooperative that kept its members there before,
 * with or without the OCA cooperator module). Pure: the proposals are a report for an accountant to review; nothing is
 * linked until they confirm. A proposal is made only when exactly one contact matches a member and that contact
 * matches no other member; everything else is reported as ambiguous, never guessed.
 */

export const MATCH_RULES = ['EMAIL', 'NAME_POSTAL_CODE', 'REF'] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

export interface MemberToMatch {
  memberId: string;
  memberNumber: number;
  name: string;
  email: string | null;
  postalCode: string | null;
}

export interface PartnerCandidate {
  id: number;
  name: string;
  email: string | null;
  zip: string | null;
  ref: string | null;
  companyId: number | null;
  active: boolean;
}

export interface LinkProposal {
  memberId: string;
  memberNumber: number;
  memberName: string;
  partner: PartnerCandidate;
  matchedBy: MatchRule[];
}

export interface AmbiguousMatch {
  memberId: string;
  memberNumber: number;
  memberName: string;
  candidates: { partner: PartnerCandidate; matchedBy: MatchRule[] }[];
}

export interface MatchReport {
  proposals: LinkProposal[];
  ambiguous: AmbiguousMatch[];
  /** Members no contact matches: the sync will create their contacts. */
  unmatched: number;
}

/** A name compared without case, accents, punctuation nor word order ("Élise MARTIN-Dupont" = "martin dupont elise"). */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort()
    .join(' ');
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
export const normalizePostalCode = (zip: string) => zip.replace(/\s+/g, '').toUpperCase();

/**
 * The `ref` a cooperative says it gave its members' contacts: `{n}` is the member number, `{n:4}` the number padded
 * with zeros to 4 digits (e.g. `SOC-{n:4}` → `SOC-0042`).
 */
export function refFor(format: string, memberNumber: number): string {
  return format.replace(/\{n(?::(\d{1,2}))?\}/g, (_, width: string | undefined) => String(memberNumber).padStart(width ? Number(width) : 0, '0'));
}

export const isRefFormat = (format: string) => /\{n(?::\d{1,2})?\}/.test(format);

/** Which rules make this partner match this member. */
function rulesMatching(m: MemberToMatch, p: PartnerCandidate, rules: readonly MatchRule[], refFormat: string | undefined): MatchRule[] {
  const out: MatchRule[] = [];
  for (const rule of rules) {
    if (rule === 'EMAIL' && m.email && p.email && normalizeEmail(m.email) === normalizeEmail(p.email)) out.push(rule);
    if (
      rule === 'NAME_POSTAL_CODE' &&
      m.postalCode &&
      p.zip &&
      normalizePostalCode(m.postalCode) === normalizePostalCode(p.zip) &&
      normalizeName(m.name) !== '' &&
      normalizeName(m.name) === normalizeName(p.name)
    ) {
      out.push(rule);
    }
    if (rule === 'REF' && refFormat && p.ref !== null && p.ref.trim() === refFor(refFormat, m.memberNumber)) out.push(rule);
  }
  return out;
}

function indexBy(partners: readonly PartnerCandidate[], key: (p: PartnerCandidate) => string | null): Map<string, PartnerCandidate[]> {
  const index = new Map<string, PartnerCandidate[]>();
  for (const p of partners) {
    const k = key(p);
    if (k) index.set(k, [...(index.get(k) ?? []), p]);
  }
  return index;
}

/** Matches members to candidate partners by the chosen rules (indexed: linear in members and partners). */
export function matchMembers(
  members: readonly MemberToMatch[],
  partners: readonly PartnerCandidate[],
  rules: readonly MatchRule[],
  refFormat?: string,
): MatchReport {
  const byEmail = indexBy(partners, (p) => (p.email ? normalizeEmail(p.email) : null));
  const byZip = indexBy(partners, (p) => (p.zip ? normalizePostalCode(p.zip) : null));
  const byRef = indexBy(partners, (p) => p.ref?.trim() || null);
  const candidatesOf = new Map<string, { partner: PartnerCandidate; matchedBy: MatchRule[] }[]>();
  const membersOfPartner = new Map<number, number>();
  for (const m of members) {
    const pool = new Set([
      ...(m.email ? (byEmail.get(normalizeEmail(m.email)) ?? []) : []),
      ...(m.postalCode ? (byZip.get(normalizePostalCode(m.postalCode)) ?? []) : []),
      ...(refFormat ? (byRef.get(refFor(refFormat, m.memberNumber)) ?? []) : []),
    ]);
    const found = [...pool].flatMap((p) => {
      const matchedBy = rulesMatching(m, p, rules, refFormat);
      return matchedBy.length ? [{ partner: p, matchedBy }] : [];
    });
    if (!found.length) continue;
    candidatesOf.set(m.memberId, found);
    for (const c of found) membersOfPartner.set(c.partner.id, (membersOfPartner.get(c.partner.id) ?? 0) + 1);
  }
  const report: MatchReport = { proposals: [], ambiguous: [], unmatched: 0 };
  for (const m of members) {
    const found = candidatesOf.get(m.memberId);
    const who = { memberId: m.memberId, memberNumber: m.memberNumber, memberName: m.name };
    if (!found) report.unmatched++;
    else if (found.length === 1 && membersOfPartner.get(found[0].partner.id) === 1) report.proposals.push({ ...who, ...found[0] });
    else report.ambiguous.push({ ...who, candidates: found.sort((a, b) => b.matchedBy.length - a.matchedBy.length || a.partner.id - b.partner.id) });
  }
  return report;
}
