import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { certificateReference, normalizeReference, renderShareCertificate, type CertificateLanguage, type ShareCertificateData } from '@coop/certificates';
import { DomainError, requireMemberAccess, today, type CalendarDate, type CooperativeContext } from '@coop/core';
import { MembersService } from '../members/members.service';
import type { LegalKind } from '../rules';

/** The legal form as printed, before « à capital variable ». */
const LEGAL_FORM: Record<LegalKind, string> = {
  SCIC_SA: 'SCIC SA',
  SCIC_SAS: 'SCIC SAS',
  SCIC_SARL: 'SCIC SARL',
  SCOP: 'SCOP',
  COOPERATIVE: 'Société coopérative',
};

export interface IssuedCertificate {
  pdf: Buffer;
  reference: string;
  fileName: string;
}

/**
 * Share certificates (attestation de parts sociales): the member's holdings as of a date, as a PDF with a verification
 * reference (an HMAC of the facts it states) that the cooperative checks later with `verify`.
 */
@Injectable()
export class CertificatesService implements OnModuleInit {
  private secret: string | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly members: MembersService,
  ) {}

  /** The HMAC key: CERTIFICATE_SECRET, or one made once and kept in the database (read at start, outside any cooperative's scope). */
  async onModuleInit(): Promise<void> {
    if (process.env.CERTIFICATE_SECRET) {
      this.secret = process.env.CERTIFICATE_SECRET;
      return;
    }
    const [row] = await this.db.query(
      `INSERT INTO auth_secret (name, value) VALUES ('certificate', $1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING value`,
      [randomBytes(32).toString('base64url')],
    );
    this.secret = row.value;
  }

  async issue(ctx: CooperativeContext, memberId: string, options: { language?: CertificateLanguage; asOf?: CalendarDate } = {}): Promise<IssuedCertificate> {
    requireMemberAccess(ctx, memberId);
    const asOf = options.asOf ?? today();
    const language = options.language ?? 'fr';
    const [coop] = await this.db.query('SELECT name, legal_kind, registered_office, registration_number FROM cooperative WHERE id = $1', [ctx.cooperativeId]);
    const member = await this.members.get(ctx, memberId);
    if (member.memberNumber === null) throw new DomainError('MEMBER_STATUS_INVALID', 'a candidate holds no shares yet: admit them first', 'memberId');
    const holdings = await this.members.holdings(ctx, memberId, asOf);
    const classNames = new Map<string, string>(
      ((await this.db.query('SELECT id, name FROM share_class WHERE cooperative_id = $1', [ctx.cooperativeId])) as { id: string; name: string }[]).map((c) => [
        c.id,
        c.name,
      ]),
    );
    const lines = holdings.classes.filter((c) => c.shares > 0 || c.subscribed !== '0.00');
    const reference = certificateReference(
      { cooperativeId: ctx.cooperativeId, memberId, asOf, holdings: lines.map((c) => ({ classCode: c.code, shares: c.shares, paidAmount: c.paid })) },
      this.key(),
    );
    const data: ShareCertificateData = {
      cooperative: {
        name: coop.name,
        legalForm: LEGAL_FORM[coop.legal_kind as LegalKind],
        registeredOffice: coop.registered_office,
        registrationNumber: coop.registration_number,
      },
      member: { number: member.memberNumber, displayName: member.displayName, personType: member.personType as 'NATURAL' | 'LEGAL' },
      holdings: lines.map((c) => ({
        classCode: c.code,
        className: classNames.get(c.shareClassId) ?? c.code,
        shares: c.shares,
        nominalValue: c.nominalValue,
        subscribedAmount: c.subscribed,
        paidAmount: c.paid,
        unpaidAmount: c.unpaid,
      })),
      asOf,
      issuedAt: new Date(),
      verificationReference: reference,
    };
    const pdf = await renderShareCertificate(data, language);
    await this.db.query(
      `INSERT INTO issued_certificate (reference, cooperative_id, member_id, as_of, issued_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (reference) DO NOTHING`,
      [reference, ctx.cooperativeId, memberId, asOf, ctx.actor.label],
    );
    return { pdf, reference, fileName: `certificate-${member.memberNumber}-${asOf}.pdf` };
  }

  /**
   * Is a presented certificate genuine? Its reference must have been issued here, and the register must still state, for
   * that member and date, the facts the reference was made from.
   */
  async verify(ctx: CooperativeContext, presented: string) {
    const reference = normalizeReference(presented);
    const rows = reference
      ? await this.db.query('SELECT member_id, as_of::text AS as_of FROM issued_certificate WHERE reference = $1 AND cooperative_id = $2', [
          reference,
          ctx.cooperativeId,
        ])
      : [];
    if (!rows.length) return { reference: presented, valid: false as const };
    const { member_id: memberId, as_of: asOf } = rows[0];
    const member = await this.members.get(ctx, memberId);
    const holdings = await this.members.holdings(ctx, memberId, asOf);
    const lines = holdings.classes.filter((c) => c.shares > 0 || c.subscribed !== '0.00');
    const recomputed = certificateReference(
      { cooperativeId: ctx.cooperativeId, memberId, asOf, holdings: lines.map((c) => ({ classCode: c.code, shares: c.shares, paidAmount: c.paid })) },
      this.key(),
    );
    return {
      reference,
      valid: recomputed === reference,
      memberNumber: member.memberNumber,
      displayName: member.displayName,
      asOf,
      holdings: lines.map((c) => ({ classCode: c.code, shares: c.shares, paid: c.paid })),
    };
  }

  private key(): string {
    if (!this.secret) throw new Error('the certificate key is read at start (onModuleInit)');
    return this.secret;
  }
}
