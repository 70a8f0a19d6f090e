import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertCashAmount, DomainError, Money, type CalendarDate, type CooperativeContext } from '@coop/core';
import { CooperativesService } from '../cooperatives/cooperatives.service';
import { amount } from '../shared/views';

export interface CreateLossStatementInput {
  fiscalYearEnd: CalendarDate;
  losses: string;
  statutoryReserves: string;
  reference?: string;
}

interface LossStatementRow {
  id: string;
  fiscal_year_end: string;
  losses: string;
  statutory_reserves: string;
  capital_at_close: string;
  reference: string | null;
  created_at: Date;
}

const view = (r: LossStatementRow) => ({
  id: r.id,
  fiscalYearEnd: r.fiscal_year_end,
  losses: amount(new Money(r.losses)),
  statutoryReserves: amount(new Money(r.statutory_reserves)),
  capitalAtClose: amount(new Money(r.capital_at_close)),
  reference: r.reference,
  createdAt: r.created_at.toISOString(),
});

/** Losses on a closed balance sheet: leaving members bear their share (L47 art. 18). Recorded once per year, never edited. */
@Injectable()
export class LossStatementsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cooperatives: CooperativesService,
  ) {}

  async create(ctx: CooperativeContext, input: CreateLossStatementInput) {
    const { cooperativeId } = ctx;
    const losses = new Money(input.losses);
    const statutoryReserves = new Money(input.statutoryReserves);
    assertCashAmount(losses, 'losses');
    assertCashAmount(statutoryReserves, 'statutoryReserves');
    const coop = await this.cooperatives.getEntity(cooperativeId);
    if (input.fiscalYearEnd.slice(5) !== coop.fiscalYearEnd) {
      throw new DomainError('VALIDATION_FAILED', `this cooperative's fiscal year ends on ${coop.fiscalYearEnd}`, 'fiscalYearEnd');
    }
    const rows: LossStatementRow[] = await this.db.query(
      `INSERT INTO loss_statement (cooperative_id, fiscal_year_end, losses, statutory_reserves, capital_at_close, reference)
       SELECT $1, $2, $3, $4, coalesce((SELECT subscribed_capital_after FROM movement WHERE cooperative_id = $1 AND effective_date <= $2
                                         ORDER BY effective_date DESC, movement_number DESC LIMIT 1), 0), $5
       ON CONFLICT (cooperative_id, fiscal_year_end) DO NOTHING RETURNING *`,
      [cooperativeId, input.fiscalYearEnd, losses.toString(), statutoryReserves.toString(), input.reference ?? null],
    );
    if (!rows.length) throw new DomainError('DUPLICATE_CODE', `losses for the year ending ${input.fiscalYearEnd} are already recorded`, 'fiscalYearEnd');
    return view(rows[0]);
  }

  async list(ctx: CooperativeContext) {
    const { cooperativeId } = ctx;
    await this.cooperatives.getEntity(cooperativeId);
    const rows: LossStatementRow[] = await this.db.query('SELECT * FROM loss_statement WHERE cooperative_id = $1 ORDER BY fiscal_year_end', [cooperativeId]);
    return rows.map(view);
  }
}
