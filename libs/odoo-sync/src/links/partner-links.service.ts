import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { inTransaction } from '@coop/database';
import { DataSource } from 'typeorm';
import { DomainError, type CooperativeContext } from '@coop/core';
import { OdooError, type OdooDomain, type OdooGateway, type OdooRecord } from '@coop/odoo';
import { OdooConnectionsService, type ResolvedConnection } from '../connection/odoo-connections.service';
import { ODOO_GATEWAY_FACTORY, type OdooGatewayFactory } from '../odoo-gateway.factory';
import { ALL_RECORDS, bindExternalIds, readOwnExternalIds } from '../sync/odoo-lookups';
import { toDomainError } from '../sync/odoo-sync.service';
import { SYNC_LOCK_SQL, syncLockKey } from '../sync/sync-lock';
import {
  matchMembers,
  MATCH_RULES,
  normalizeEmail,
  refFor,
  type MatchReport,
  type MatchRule,
  type MemberToMatch,
  type PartnerCandidate,
} from './partner-matching';

export interface ProposalRequest {
  rules?: MatchRule[];
  /** How the cooperative wrote member numbers in its contacts' `ref` (`{n}`, `SOC-{n:4}`…); needed for the REF rule. */
  refFormat?: string;
}

export interface LinkRequest {
  links: { memberId: string; partnerId: number; matchedBy?: (MatchRule | 'MANUAL')[] }[];
  /** Who confirmed (until accounts exist: a name the accountant gives). */
  confirmedBy?: string;
}

/** Values per domain `in` (a few hundred KB at most). */
const VALUES_PER_SEARCH = 2_000;
/** Emails per search: one `=ilike` term each, joined by `|`. */
const EMAILS_PER_SEARCH = 200;
const PARTNER_FIELDS = ['name', 'email', 'zip', 'ref', 'company_id', 'active'];

interface PartnerRecord extends OdooRecord {
  name: string | false;
  email: string | false;
  zip: string | false;
  ref: string | false;
  company_id: [number, string] | false;
  active: boolean;
}

const candidate = (p: PartnerRecord): PartnerCandidate => ({
  id: p.id,
  name: p.name || '',
  email: p.email || null,
  zip: p.zip || null,
  ref: p.ref || null,
  companyId: p.company_id ? p.company_id[0] : null,
  active: p.active,
});

/**
 * Linking contacts that already exist in Odoo to members — the only way a partner the sync did not create becomes one
 * it writes. Two explicit steps: a dry-run report of proposed matches (by email, by name and postal code, by a `ref`
 * the cooperative states it used), then the accountant's confirmation of the links they checked, which binds each
 * partner to its member by an external id and is recorded. Partners bound to any member (of this cooperative or of
 * another one sharing the Odoo) and partners of another company are never proposed nor linked.
 */
@Injectable()
export class PartnerLinksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly connections: OdooConnectionsService,
    @Inject(ODOO_GATEWAY_FACTORY) private readonly gatewayFactory: OdooGatewayFactory,
  ) {}

  /** The dry run: what would be linked, what is ambiguous, and what was left out and why. Writes nothing. */
  async propose(ctx: CooperativeContext, request: ProposalRequest): Promise<MatchReport & { excluded: Record<string, number>; effect: string }> {
    const rules = request.rules?.length ? request.rules : [...MATCH_RULES].filter((r) => r !== 'REF' || request.refFormat);
    if (rules.includes('REF') && !request.refFormat)
      throw new DomainError('VALIDATION_FAILED', 'the REF rule needs refFormat, e.g. "{n}" or "SOC-{n:4}"', 'refFormat');
    const resolved = await this.connections.resolve(ctx.cooperativeId);
    const gw = this.gatewayFactory(resolved.connection);
    try {
      const members = await this.unboundMembers(gw, resolved);
      const found = new Map<number, PartnerRecord>();
      const search = async (field: string, values: string[], caseInsensitive = false) => {
        const size = caseInsensitive ? EMAILS_PER_SEARCH : VALUES_PER_SEARCH;
        for (let i = 0; i < values.length; i += size) {
          const chunk = values.slice(i, i + size);
          const domain: OdooDomain = [...companyDomain(resolved), ...(caseInsensitive ? anyOfIlike(field, chunk) : [[field, 'in', chunk] as const])];
          for (const p of await gw.searchRead<PartnerRecord>('res.partner', domain, { fields: PARTNER_FIELDS, context: ALL_RECORDS })) found.set(p.id, p);
        }
      };
      const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))];
      // Odoo keeps an email as typed: compared without case (=ilike, one term per email).
      if (rules.includes('EMAIL')) await search('email', distinct(members.map((m) => (m.email ? normalizeEmail(m.email) : null))), true);
      if (rules.includes('NAME_POSTAL_CODE')) await search('zip', distinct(members.map((m) => m.postalCode?.trim() ?? null)));
      if (rules.includes('REF')) await search('ref', distinct(members.map((m) => refFor(request.refFormat as string, m.memberNumber))));
      const bound = await this.boundToMembers(gw, [...found.keys()]);
      const excluded: Record<string, number> = {};
      for (const [partnerId, module] of bound) {
        const reason = module === resolved.module ? 'bound to a member of this cooperative' : `bound to a member in module ${module} (another cooperative)`;
        excluded[reason] = (excluded[reason] ?? 0) + 1;
        found.delete(partnerId);
      }
      const report = matchMembers(members, [...found.values()].map(candidate), rules, request.refFormat);
      return {
        ...report,
        excluded,
        effect: 'nothing was written; confirming a link binds the contact to its member, and the next sync writes the member’s data on it',
      };
    } catch (e) {
      throw toDomainError(e);
    }
  }

  /**
   * Binds the confirmed contacts to their members (one call creating their external ids) and records who confirmed.
   * All or nothing: a link to a missing, foreign or already bound partner, or for a member that is not a contact or is
   * bound already, refuses the whole request. Holds the cooperative's sync lock (no run meanwhile).
   */
  async confirm(ctx: CooperativeContext, request: LinkRequest): Promise<{ linked: number }> {
    const { cooperativeId } = ctx;
    const memberIds = request.links.map((l) => l.memberId);
    const partnerIds = request.links.map((l) => l.partnerId);
    if (new Set(memberIds).size !== memberIds.length) throw new DomainError('ODOO_LINK_INVALID', 'a member appears twice in the links', 'links');
    if (new Set(partnerIds).size !== partnerIds.length) throw new DomainError('ODOO_LINK_INVALID', 'a partner appears twice in the links', 'links');
    const resolved = await this.connections.resolve(cooperativeId);
    const gw = this.gatewayFactory(resolved.connection);
    return inTransaction(this.db, async (q) => {
      const [{ locked }] = await q.query(`SELECT ${SYNC_LOCK_SQL.tryTransaction} AS locked`, [syncLockKey(cooperativeId)]);
      if (!locked) throw new DomainError('ODOO_SYNC_RUNNING', 'a sync of this cooperative is running: link when it has finished', 'cooperativeId');
      const known: { id: string }[] = await q.query('SELECT id FROM member WHERE cooperative_id = $1 AND member_number IS NOT NULL AND id = ANY($2::uuid[])', [
        cooperativeId,
        memberIds,
      ]);
      const knownIds = new Set(known.map((m) => m.id));
      const problems: { memberId: string; partnerId: number; problem: string }[] = [];
      for (const l of request.links)
        if (!knownIds.has(l.memberId)) problems.push({ ...l, problem: 'no member of this cooperative with a member number has this id' });
      try {
        const partners = new Map((await gw.read<PartnerRecord>('res.partner', partnerIds, ['company_id'], { context: ALL_RECORDS })).map((p) => [p.id, p]));
        const boundPartners = await this.boundToMembers(gw, partnerIds);
        const boundMembers = await readOwnExternalIds(gw, resolved.module, memberIds);
        for (const l of request.links) {
          const p = partners.get(l.partnerId);
          if (!p) problems.push({ ...l, problem: 'Odoo has no such partner (or it is not visible to the sync user)' });
          else if (resolved.companyId !== null && p.company_id && p.company_id[0] !== resolved.companyId) {
            problems.push({ ...l, problem: `the partner belongs to another company (${p.company_id[1]})` });
          } else if (boundPartners.has(l.partnerId))
            problems.push({ ...l, problem: `the partner is already bound to a member (module ${boundPartners.get(l.partnerId)})` });
          if (boundMembers.has(l.memberId)) problems.push({ ...l, problem: `the member is already bound to partner ${boundMembers.get(l.memberId)}` });
        }
        if (problems.length) throw new DomainError('ODOO_LINK_INVALID', `${problems.length} link(s) refused: ${problems[0].problem}`, 'links', { problems });
        await bindExternalIds(gw, resolved.module, request.links);
      } catch (e) {
        if (e instanceof OdooError && e.kind === 'VALIDATION' && e.constraint === 'ir_model_data_module_name_uniq_index') {
          throw new DomainError('CONFLICT', 'a member was bound in Odoo meanwhile: ask for the proposals again', 'links');
        }
        throw toDomainError(e);
      }
      await q.query(
        `INSERT INTO odoo_partner_link (cooperative_id, target_id, member_id, odoo_partner_id, matched_by, confirmed_by)
         SELECT $1, $2, l.member_id, l.partner_id, l.matched_by, $4 FROM jsonb_to_recordset($3::jsonb) AS l(member_id uuid, partner_id int, matched_by text[])`,
        [
          cooperativeId,
          resolved.targetId,
          JSON.stringify(
            request.links.map((l) => ({ member_id: l.memberId, partner_id: l.partnerId, matched_by: l.matchedBy?.length ? l.matchedBy : ['MANUAL'] })),
          ),
          request.confirmedBy ?? null,
        ],
      );
      await q.query(`INSERT INTO odoo_sync_event (cooperative_id, member_id, reason) SELECT $1, unnest($2::uuid[]), 'LINKED'`, [cooperativeId, memberIds]);
      return { linked: request.links.length };
    });
  }

  /** The links confirmed on the current target, newest first. */
  async list(ctx: CooperativeContext, limit: number) {
    const { targetId } = await this.connections.target(ctx.cooperativeId);
    const rows = await this.db.query(
      `SELECT l.member_id, m.member_number, l.odoo_partner_id, l.matched_by, l.confirmed_by, l.created_at
       FROM odoo_partner_link l JOIN member m ON m.id = l.member_id WHERE l.target_id = $1 ORDER BY l.created_at DESC, m.member_number LIMIT $2`,
      [targetId, limit],
    );
    return rows.map(
      (r: { member_id: string; member_number: number; odoo_partner_id: number; matched_by: string[]; confirmed_by: string | null; created_at: Date }) => ({
        memberId: r.member_id,
        memberNumber: r.member_number,
        partnerId: r.odoo_partner_id,
        matchedBy: r.matched_by,
        confirmedBy: r.confirmed_by,
        createdAt: r.created_at.toISOString(),
      }),
    );
  }

  /** Members of the cooperative that are contacts and have no partner bound in Odoo yet. */
  private async unboundMembers(gw: OdooGateway, resolved: ResolvedConnection): Promise<MemberToMatch[]> {
    const rows: (MemberToMatch & { personType: string; firstName: string | null; lastName: string | null; companyName: string | null })[] = await this.db.query(
      `SELECT id AS "memberId", member_number AS "memberNumber", person_type AS "personType", first_name AS "firstName", last_name AS "lastName",
              company_name AS "companyName", email, postal_code AS "postalCode"
       FROM member WHERE cooperative_id = $1 AND member_number IS NOT NULL ORDER BY member_number`,
      [resolved.cooperativeId],
    );
    const bound = await readOwnExternalIds(
      gw,
      resolved.module,
      rows.map((r) => r.memberId),
    );
    return rows
      .filter((r) => !bound.has(r.memberId))
      .map((r) => ({
        memberId: r.memberId,
        memberNumber: r.memberNumber,
        name: r.personType === 'LEGAL' ? (r.companyName ?? '') : [r.firstName, r.lastName].filter(Boolean).join(' '),
        email: r.email,
        postalCode: r.postalCode,
      }));
  }

  /** partner → module, for partners bound to a member by an external id of any module (coop-ledger's `member_…` names). */
  private async boundToMembers(gw: OdooGateway, partnerIds: readonly number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (let i = 0; i < partnerIds.length; i += VALUES_PER_SEARCH) {
      const rows = await gw.searchRead<OdooRecord & { module: string; res_id: number }>(
        'ir.model.data',
        [
          ['model', '=', 'res.partner'],
          ['res_id', 'in', partnerIds.slice(i, i + VALUES_PER_SEARCH)],
          ['name', '=like', 'member\\_%'],
        ],
        { fields: ['module', 'res_id'] },
      );
      for (const r of rows) out.set(r.res_id, r.module);
    }
    return out;
  }
}

/** `field =ilike v1 OR field =ilike v2 …`: exact matches without case (LIKE's wildcards escaped). */
function anyOfIlike(field: string, values: readonly string[]): OdooDomain {
  const terms = values.map((v) => [field, '=ilike', v.replace(/[\\%_]/g, '\\$&')] as const);
  return [...Array<'|'>(Math.max(0, terms.length - 1)).fill('|'), ...terms];
}

/** Partners of the cooperative's company, or of none (shared), when the connection names a company. */
function companyDomain(resolved: ResolvedConnection): OdooDomain {
  return resolved.companyId === null ? [] : ['|', ['company_id', '=', resolved.companyId], ['company_id', '=', false]];
}
