import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, DomainError, today, type CooperativeContext } from '@coop/core';
import { inTransaction } from '@coop/database';
import { MembersService } from '../members/members.service';

export const PERSONAL_DATA_RETENTION_DAYS = Symbol('PERSONAL_DATA_RETENTION_DAYS');
export const DEFAULT_PERSONAL_DATA_RETENTION_DAYS = 1825;

/**
 * Pseudonymising a person who left: once their membership is closed and the retention has passed, every personal field
 * is replaced, while the register keeps its legal facts (number, dates, shares, amounts). The member sync sends the
 * pseudonym to Odoo like any change; the person's account loses its binding to the record.
 */
@Injectable()
export class PersonalDataService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly members: MembersService,
    @Optional() @Inject(PERSONAL_DATA_RETENTION_DAYS) private readonly retentionDays: number = DEFAULT_PERSONAL_DATA_RETENTION_DAYS,
  ) {}

  async pseudonymise(ctx: CooperativeContext, memberId: string) {
    await inTransaction(this.db, async (q) => {
      const member = await this.members.getEntity(q.manager, ctx.cooperativeId, memberId, true);
      if (member.pseudonymisedAt) throw new DomainError('MEMBER_STATUS_INVALID', 'this member is already pseudonymised', 'memberId');
      if (member.status !== 'CLOSED' || !member.closedOn) {
        throw new DomainError('MEMBER_STATUS_INVALID', 'only a member whose membership is closed (shares refunded) can be pseudonymised', 'memberId');
      }
      const allowedFrom = addDays(member.closedOn, this.retentionDays);
      if (allowedFrom > today()) {
        throw new DomainError('MEMBER_STATUS_INVALID', `the retention of ${this.retentionDays} days after closure runs until ${allowedFrom}`, 'memberId', {
          allowedFrom,
        });
      }
      const pseudonym = `Ancien sociétaire n° ${member.memberNumber}`;
      await q.query(
        `UPDATE member SET first_name = CASE WHEN person_type = 'NATURAL' THEN 'Pseudonymisé' END,
                last_name = CASE WHEN person_type = 'NATURAL' THEN $3 END,
                company_name = CASE WHEN person_type = 'LEGAL' THEN $3 END,
                email = NULL, phone = NULL, street = NULL, postal_code = NULL, city = NULL,
                pseudonymised_at = now(), updated_at = now()
          WHERE id = $1 AND cooperative_id = $2`,
        [memberId, ctx.cooperativeId, pseudonym],
      );
      await q.query(`DELETE FROM user_role WHERE member_id = $1 AND role = 'member'`, [memberId]);
      await q.query(`UPDATE user_role SET member_id = NULL WHERE member_id = $1`, [memberId]);
    });
    return this.members.get(ctx, memberId);
  }
}
