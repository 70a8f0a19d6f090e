import { Client } from 'pg';
import { systemContext } from '@coop/core';
import { CapitalService } from '@coop/ledger';
import { admitMember, createScic, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { onOneDay, todayUtc } from '../support/today';
import { expectUnpaidDueEqualsJournal } from '../support/unpaid-due';

interface PgError {
  code?: string;
  message: string;
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The overdue capital read from the projection of unpaid amounts by due date (kept by the journal's trigger) must be what
 * the journal says, on every date: the projection answers on and after the last movement, the journal before it.
 */
describe('overdue capital from the projection by due date', () => {
  let t: TestApp;
  let db: Client;
  let capitalService: CapitalService;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: process.env.COOP_TEST_DATABASE_URL });
    await db.connect();
    capitalService = t.app.get(CapitalService);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const post = async (f: ScicFixture, path: string, body: Record<string, unknown>) => {
    const res = await t.http.post(`/api/cooperatives/${f.cooperativeId}/${path}`).send(body);
    expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 201, body: expect.any(Object) });
    return res.body;
  };
  const overdue = async (f: ScicFixture, asOf?: string) => {
    const res = await t.http.get(`/api/cooperatives/${f.cooperativeId}/capital${asOf ? `?asOf=${asOf}` : ''}`);
    expect(res.status).toBe(200);
    return res.body.overdue as string;
  };
  /** The overdue amount on each date, read through the API, next to the same figure from the journal alone. */
  const overdueTable = async (f: ScicFixture, dates: string[]) => {
    const rows: [string, string, string][] = [];
    for (const d of dates) rows.push([d, await overdue(f, d), (await capitalService.overdueFromJournal(systemContext(f.cooperativeId, 'test'), d)).toFixed(2)]);
    return rows;
  };

  describe('a member with two balances, payments, reversals and a redemption', () => {
    let f: ScicFixture;
    let ann: string;
    let second: { id: string };
    let payment: { id: string };

    beforeAll(async () => {
      f = await createScic(t.http);
      ann = await admitMember(t.http, f);
      // 300.00 due on 2024-08-01, then 150.00 due on 2025-03-01
      await post(f, 'movements/subscriptions', {
        memberId: ann,
        shareClassId: f.classA,
        shares: 4,
        paidAmount: '100.00',
        date: '2024-02-01',
        dueDate: '2024-08-01',
      });
      second = await post(f, 'movements/subscriptions', {
        memberId: ann,
        shareClassId: f.classA,
        shares: 2,
        paidAmount: '50.00',
        date: '2024-03-01',
        dueDate: '2025-03-01',
      });
      // 120.00 paid: it pays the balance due first, 180.00 of it is left
      payment = await post(f, 'movements/payments', { memberId: ann, shareClassId: f.classA, amount: '120.00', date: '2024-09-01' });
    });

    it('spreads what is unpaid over the due dates, the latest first, equal to the journal', async () => {
      const projection = await expectUnpaidDueEqualsJournal(db, f.cooperativeId);
      expect(projection).toEqual({
        holdings: [
          { member_id: ann, share_class_id: f.classA, due_date: '2024-08-01', balance: '300.0000', unpaid: '180.0000' },
          { member_id: ann, share_class_id: f.classA, due_date: '2025-03-01', balance: '150.0000', unpaid: '150.0000' },
        ],
        dates: [
          { due_date: '2024-08-01', unpaid: '180.0000' },
          { due_date: '2025-03-01', unpaid: '150.0000' },
        ],
      });
    });

    it('gives the overdue amount of every date: from the journal before the last movement, from the projection after', async () => {
      expect(await overdueTable(f, ['2024-08-01', '2024-08-02', '2024-08-31', '2024-09-01', '2025-03-01', '2025-03-02', '2999-12-31'])).toEqual([
        ['2024-08-01', '0.00', '0.00'], // on time on its due date
        ['2024-08-02', '300.00', '300.00'],
        ['2024-08-31', '300.00', '300.00'],
        ['2024-09-01', '180.00', '180.00'], // the last movement's date: from the projection
        ['2025-03-01', '180.00', '180.00'],
        ['2025-03-02', '330.00', '330.00'],
        ['2999-12-31', '330.00', '330.00'],
      ]);
      expect(await overdue(f)).toBe('330.00');
    });

    it('a reversed subscription takes its balance back; a reversed payment is owed again', async () => {
      await post(f, `movements/${second.id}/reversal`, { date: '2024-10-01', reason: 'souscription en double' });
      await expectUnpaidDueEqualsJournal(db, f.cooperativeId);
      expect(await overdueTable(f, ['2024-09-15', '2024-10-01', '2999-12-31'])).toEqual([
        ['2024-09-15', '180.00', '180.00'],
        ['2024-10-01', '180.00', '180.00'],
        ['2999-12-31', '180.00', '180.00'],
      ]);
      await post(f, `movements/${payment.id}/reversal`, { date: '2024-10-02', reason: 'virement rejeté' });
      const projection = await expectUnpaidDueEqualsJournal(db, f.cooperativeId);
      expect(projection.holdings).toEqual([{ member_id: ann, share_class_id: f.classA, due_date: '2024-08-01', balance: '300.0000', unpaid: '300.0000' }]);
      expect(await overdueTable(f, ['2024-09-15', '2024-10-01', '2024-10-02'])).toEqual([
        ['2024-09-15', '180.00', '180.00'], // the past does not change
        ['2024-10-01', '180.00', '180.00'],
        ['2024-10-02', '300.00', '300.00'],
      ]);
    });

    it('a redemption cancels unpaid shares first: what it cancels is no longer owed', async () => {
      await post(f, `members/${ann}/exit`, { reason: 'RESIGNATION', effectiveDate: '2024-11-01' });
      // 4 shares of 400.00 with 100.00 paid: redeeming 2 cancels 200.00 unpaid, refunds nothing
      const redemption = await post(f, 'movements/redemptions', { memberId: ann, shareClassId: f.classA, shares: 2, date: '2024-11-01' });
      expect(redemption).toMatchObject({ amount: '0.00', effect: { subscribed: '-200.00', paid: '0.00' } });
      const projection = await expectUnpaidDueEqualsJournal(db, f.cooperativeId);
      expect(projection.holdings).toEqual([{ member_id: ann, share_class_id: f.classA, due_date: '2024-08-01', balance: '300.0000', unpaid: '100.0000' }]);
      expect(projection.dates).toEqual([{ due_date: '2024-08-01', unpaid: '100.0000' }]);
      expect(await overdueTable(f, ['2024-10-31', '2024-11-01', '2999-12-31'])).toEqual([
        ['2024-10-31', '300.00', '300.00'],
        ['2024-11-01', '100.00', '100.00'],
        ['2999-12-31', '100.00', '100.00'],
      ]);
      // the rest paid: nothing is owed, the balance stays (a reversal of the payment would owe it again)
      await post(f, 'movements/payments', { memberId: ann, shareClassId: f.classA, amount: '100.00', date: '2024-11-02' });
      expect(await expectUnpaidDueEqualsJournal(db, f.cooperativeId)).toEqual({
        holdings: [{ member_id: ann, share_class_id: f.classA, due_date: '2024-08-01', balance: '300.0000', unpaid: '0.0000' }],
        dates: [],
      });
      expect(await overdue(f)).toBe('0.00');
    });
  });

  it('a subscription dated in the future is not overdue today, and is once its balance falls due', async () => {
    const f = await createScic(t.http);
    const bea = await admitMember(t.http, f);
    const later = addDays(todayUtc(), 10);
    const dueDate = addDays(later, 30);
    await post(f, 'movements/subscriptions', { memberId: bea, shareClassId: f.classA, shares: 4, paidAmount: '100.00', date: later, dueDate });
    const { value: today } = await onOneDay(() => overdue(f));
    expect(today).toBe('0.00'); // it was counted overdue (300.00) while the projection did not exist
    expect(await overdue(f, dueDate)).toBe('0.00');
    expect(await overdue(f, addDays(dueDate, 1))).toBe('300.00');
    await expectUnpaidDueEqualsJournal(db, f.cooperativeId);
  });

  it('what is unpaid beyond every balance with a due date (a journal row written by hand) is overdue on any date', async () => {
    const f = await createScic(t.http);
    const cem = await admitMember(t.http, f);
    await post(f, 'movements/subscriptions', {
      memberId: cem,
      shareClassId: f.classA,
      shares: 2,
      paidAmount: '50.00',
      date: '2024-02-01',
      dueDate: '2024-06-01',
    });
    // a subscription with a balance but no due date: the rules never write one, the database accepts it
    await db.query(
      `INSERT INTO movement (cooperative_id, kind, effective_date, member_id, share_class_id, shares, amount, shares_delta, subscribed_delta, paid_delta,
                             refund_due_delta)
       VALUES ($1, 'SUBSCRIPTION', '2024-03-01', $2, $3, 1, 100, 1, 100, 40, 0)`,
      [f.cooperativeId, cem, f.classA],
    );
    const projection = await expectUnpaidDueEqualsJournal(db, f.cooperativeId);
    expect(projection.holdings.map((h) => [h.due_date, h.balance, h.unpaid])).toEqual([
      ['-infinity', '0.0000', '60.0000'],
      ['2024-06-01', '150.0000', '150.0000'],
    ]);
    expect(await overdueTable(f, ['2024-03-01', '2024-06-01', '2024-06-02'])).toEqual([
      ['2024-03-01', '60.00', '60.00'],
      ['2024-06-01', '60.00', '60.00'],
      ['2024-06-02', '210.00', '210.00'],
    ]);
    // paying 70.00 pays what is oldest first: the balance with no due date, then 10.00 of the other
    await post(f, 'movements/payments', { memberId: cem, shareClassId: f.classA, amount: '70.00', date: '2024-07-01' });
    expect((await expectUnpaidDueEqualsJournal(db, f.cooperativeId)).holdings.map((h) => [h.due_date, h.unpaid])).toEqual([['2024-06-01', '140.0000']]);
    expect(await overdue(f, '2024-07-01')).toBe('140.00');
  });

  describe('the database keeps the projection to the journal', () => {
    let f: ScicFixture;
    let dan: string;

    beforeAll(async () => {
      f = await createScic(t.http);
      dan = await admitMember(t.http, f);
      await post(f, 'movements/subscriptions', {
        memberId: dan,
        shareClassId: f.classA,
        shares: 4,
        paidAmount: '100.00',
        date: '2024-02-01',
        dueDate: '2024-08-01',
      });
    });

    async function refused(sql: string, params: unknown[] = []): Promise<PgError> {
      await db.query('BEGIN');
      try {
        await db.query(sql, params);
      } catch (e) {
        await db.query('ROLLBACK');
        return e as PgError;
      }
      await db.query('ROLLBACK');
      throw new Error(`the database accepted: ${sql}`);
    }

    it.each([
      ['holding_due', "INSERT INTO holding_due VALUES ($1, $2, $3, '2030-01-01', 100, 100)"],
      ['holding_due', 'UPDATE holding_due SET unpaid = 0 WHERE cooperative_id = $1 AND member_id = $2 AND share_class_id = $3'],
      ['holding_due', 'DELETE FROM holding_due WHERE cooperative_id = $1 AND member_id = $2 AND share_class_id = $3'],
      ['unpaid_due', "INSERT INTO unpaid_due SELECT $1, '2030-01-01', 100 WHERE $2::uuid IS NOT NULL AND $3::uuid IS NOT NULL"],
      ['unpaid_due', 'UPDATE unpaid_due SET unpaid = 1 WHERE cooperative_id = $1 AND $2::uuid IS NOT NULL AND $3::uuid IS NOT NULL'],
      ['unpaid_due', 'DELETE FROM unpaid_due WHERE cooperative_id = $1 AND $2::uuid IS NOT NULL AND $3::uuid IS NOT NULL'],
    ])('refuses a direct write to %s: %s', async (table, sql) => {
      const before = await expectUnpaidDueEqualsJournal(db, f.cooperativeId);
      const e = await refused(sql, [f.cooperativeId, dan, f.classA]);
      expect([e.code, e.message]).toEqual(['23001', `${table} is derived from the journal and cannot be written directly`]);
      expect(await expectUnpaidDueEqualsJournal(db, f.cooperativeId)).toEqual(before);
    });

    it.each(['holding_due', 'unpaid_due'])('refuses TRUNCATE on %s', async (table) => {
      expect((await refused(`TRUNCATE ${table}`)).code).toBe('23001');
    });

    it('refuses a subscription row whose paid part is above its amount or negative (its balance would be negative)', async () => {
      for (const paid of ['150', '-1']) {
        const e = await refused(
          `INSERT INTO movement (cooperative_id, kind, effective_date, member_id, share_class_id, shares, amount, shares_delta, subscribed_delta, paid_delta,
                                 refund_due_delta, due_date)
           VALUES ($1, 'SUBSCRIPTION', '2024-03-01', $2, $3, 1, 100, 1, 100, $4, 0, '2025-01-01')`,
          [f.cooperativeId, dan, f.classA, paid],
        );
        expect([e.code, e.message]).toEqual(['23514', expect.stringContaining('ck_movement_subscription_paid')]);
      }
    });
  });
});
