import { Client } from 'pg';
import { admitMember, createScic, subscribe, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

interface PgError {
  code?: string;
  constraint?: string;
  message: string;
}

/**
 * The database itself, not the application, keeps the journal append-only and the projections equal to it:
 * these statements go straight to PostgreSQL, as a buggy service or a careless operator would send them.
 */
describe('database invariants (direct SQL)', () => {
  let t: TestApp;
  let db: Client;
  let f: ScicFixture;
  let g: ScicFixture;
  let member: string;
  let other: string;
  let firstMovement: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await createScic(t.http);
    g = await createScic(t.http);
    member = await admitMember(t.http, f);
    other = await admitMember(t.http, g);
    firstMovement = (await subscribe(t.http, f, member, 4, '100.00', '2024-02-01')).id;
    await subscribe(t.http, g, other, 1, '100.00', '2024-02-01');
    db = new Client({ connectionString: process.env.COOP_TEST_DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  /** Runs the statement in a transaction that is always rolled back, and returns the error the database raised. */
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

  /** Everything the journal and its projections hold for the cooperative. */
  async function state(cooperativeId = f.cooperativeId) {
    const movements = await db.query('SELECT * FROM movement WHERE cooperative_id = $1 ORDER BY movement_number', [cooperativeId]);
    const holdings = await db.query('SELECT * FROM holding WHERE cooperative_id = $1 ORDER BY member_id, share_class_id', [cooperativeId]);
    const ledger = await db.query('SELECT * FROM ledger_state WHERE cooperative_id = $1', [cooperativeId]);
    const holdingDue = await db.query('SELECT * FROM holding_due WHERE cooperative_id = $1 ORDER BY member_id, share_class_id, due_date', [cooperativeId]);
    const unpaidDue = await db.query('SELECT * FROM unpaid_due WHERE cooperative_id = $1 ORDER BY due_date', [cooperativeId]);
    return { movements: movements.rows, holdings: holdings.rows, ledger: ledger.rows, holdingDue: holdingDue.rows, unpaidDue: unpaidDue.rows };
  }

  /** A raw journal row, with the effect given; the database numbers it and fills in the running totals. */
  const insertMovement = `
    INSERT INTO movement (cooperative_id, kind, effective_date, member_id, counterparty_member_id, share_class_id, shares, amount,
      shares_delta, subscribed_delta, paid_delta, refund_due_delta, reverses_movement_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;
  const movement = (
    o: Partial<Record<'coop' | 'kind' | 'date' | 'member' | 'counterparty' | 'shareClass' | 'reverses', string | null>> & {
      shares?: number;
      amount?: string;
      sharesDelta?: number;
      subscribed?: string;
      paid?: string;
      refundDue?: string;
    },
  ) => [
    o.coop ?? f.cooperativeId,
    o.kind ?? 'PAYMENT',
    o.date ?? '2024-03-01',
    o.member ?? member,
    o.counterparty ?? null,
    o.shareClass ?? f.classA,
    o.shares ?? 0,
    o.amount ?? '0',
    o.sharesDelta ?? 0,
    o.subscribed ?? '0',
    o.paid ?? '0',
    o.refundDue ?? '0',
    o.reverses ?? null,
  ];

  it('the state the tests start from', async () => {
    const s = await state();
    expect(s.movements).toHaveLength(1);
    expect(s.holdings.map((h) => [h.shares, h.subscribed, h.paid])).toEqual([[4, '400.0000', '100.0000']]);
    expect(s.ledger[0]).toMatchObject({ last_movement_number: 1, subscribed_capital: '400.0000', paid_capital: '100.0000' });
  });

  describe('the journal is append-only', () => {
    it('refuses UPDATE on movement', async () => {
      const before = await state();
      const e = await refused('UPDATE movement SET amount = 0 WHERE id = $1', [firstMovement]);
      expect([e.code, e.message]).toEqual(['23001', 'the register is append-only: UPDATE on movement is refused; record a reversing movement instead']);
      const all = await refused('UPDATE movement SET reason = $1', ['rewritten history']);
      expect(all.code).toBe('23001');
      expect(await state()).toEqual(before);
    });

    it('refuses DELETE on movement', async () => {
      const before = await state();
      const e = await refused('DELETE FROM movement WHERE id = $1', [firstMovement]);
      expect([e.code, e.message]).toEqual(['23001', 'the register is append-only: DELETE on movement is refused; record a reversing movement instead']);
      expect((await refused('DELETE FROM movement WHERE cooperative_id = $1', [f.cooperativeId])).code).toBe('23001');
      expect(await state()).toEqual(before);
    });

    it('refuses TRUNCATE on movement', async () => {
      const before = await state();
      // CASCADE gets past the foreign keys that reference the journal: the journal's own trigger refuses it
      const e = await refused('TRUNCATE movement CASCADE');
      expect([e.code, e.message]).toEqual(['23001', 'the register is append-only: TRUNCATE on movement is refused; record a reversing movement instead']);
      // without CASCADE it is refused too (by the trigger, or before it by a table that references the journal)
      expect(['23001', '0A000']).toContain((await refused('TRUNCATE movement')).code);
      expect(await state()).toEqual(before);
      expect(await state(g.cooperativeId)).toMatchObject({ movements: [expect.objectContaining({ movement_number: 1 })] });
    });

    it('refuses UPDATE and DELETE on loss statements', async () => {
      await t.http.post(`/api/cooperatives/${f.cooperativeId}/loss-statements`).send({ fiscalYearEnd: '2023-12-31', losses: '10.00', statutoryReserves: '0' });
      expect((await refused('UPDATE loss_statement SET losses = 0 WHERE cooperative_id = $1', [f.cooperativeId])).code).toBe('23001');
      expect((await refused('DELETE FROM loss_statement WHERE cooperative_id = $1', [f.cooperativeId])).code).toBe('23001');
      const { rows } = await db.query('SELECT losses FROM loss_statement WHERE cooperative_id = $1', [f.cooperativeId]);
      expect(rows).toEqual([{ losses: '10.0000' }]);
    });
  });

  describe('holdings and totals are written by the journal only', () => {
    it('refuses a direct INSERT, UPDATE or DELETE on holding', async () => {
      const before = await state();
      const insert = await refused(
        'INSERT INTO holding (cooperative_id, member_id, share_class_id, shares, subscribed, paid, refund_due) VALUES ($1, $2, $3, 10, 200, 200, 0)',
        [f.cooperativeId, member, f.classB],
      );
      expect([insert.code, insert.message]).toEqual(['23001', 'holding is derived from the journal and cannot be written directly']);
      const update = await refused('UPDATE holding SET shares = 100, subscribed = 10000, paid = 10000 WHERE member_id = $1', [member]);
      expect([update.code, update.message]).toEqual(['23001', 'holding is derived from the journal and cannot be written directly']);
      expect((await refused('DELETE FROM holding WHERE member_id = $1', [member])).code).toBe('23001');
      expect(await state()).toEqual(before);
    });

    it('refuses a direct INSERT, UPDATE or DELETE on ledger_state', async () => {
      const before = await state();
      const insert = await refused('INSERT INTO ledger_state (cooperative_id, subscribed_capital) VALUES ($1, 1000000)', [f.cooperativeId]);
      expect([insert.code, insert.message]).toEqual(['23001', 'ledger_state is derived from the journal and cannot be written directly']);
      const update = await refused('UPDATE ledger_state SET subscribed_capital = 0, paid_capital = 0, last_movement_number = 0 WHERE cooperative_id = $1', [
        f.cooperativeId,
      ]);
      expect([update.code, update.message]).toEqual(['23001', 'ledger_state is derived from the journal and cannot be written directly']);
      expect((await refused('DELETE FROM ledger_state WHERE cooperative_id = $1', [f.cooperativeId])).code).toBe('23001');
      expect(await state()).toEqual(before);
    });

    it('accepts a valid journal row and updates the projections from it (so the refusals are not a matter of rights)', async () => {
      const before = await state();
      await db.query('BEGIN');
      try {
        await db.query(insertMovement, movement({ kind: 'PAYMENT', amount: '50', paid: '50' }));
        const inside = await state();
        expect(inside.movements.map((m) => [m.movement_number, m.kind, m.paid_capital_after])).toEqual([
          [1, 'SUBSCRIPTION', '100.0000'],
          [2, 'PAYMENT', '150.0000'],
        ]);
        expect(inside.holdings.map((h) => [h.shares, h.subscribed, h.paid])).toEqual([[4, '400.0000', '150.0000']]);
        expect(inside.ledger[0]).toMatchObject({ last_movement_number: 2, paid_capital: '150.0000' });
        // the balance due on 2029-02-01 (300.00 at subscription) is 250.00 after it
        expect(inside.holdingDue.map((h) => [h.due_date, h.balance, h.unpaid])).toEqual([['2029-02-01', '300.0000', '250.0000']]);
        expect(inside.unpaidDue.map((u) => [u.due_date, u.unpaid])).toEqual([['2029-02-01', '250.0000']]);
      } finally {
        await db.query('ROLLBACK');
      }
      expect(await state()).toEqual(before);
    });
  });

  describe('the journal cannot make a holding negative', () => {
    it('refuses a movement that would take more shares than the member holds', async () => {
      const before = await state();
      const e = await refused(insertMovement, movement({ kind: 'REDEMPTION', shares: 10, sharesDelta: -10 }));
      expect([e.code, e.constraint]).toEqual(['23514', 'holding_shares_check']);
      expect(await state()).toEqual(before);
    });

    it('refuses a movement that would leave a negative holding for a member who holds nothing', async () => {
      const before = await state();
      const e = await refused(insertMovement, movement({ kind: 'REDEMPTION', shareClass: f.classB, shares: 1, sharesDelta: -1 }));
      expect([e.code, e.constraint]).toEqual(['23514', 'holding_shares_check']);
      const money = await refused(insertMovement, movement({ kind: 'REDEMPTION', shareClass: f.classB, subscribed: '-20', paid: '-20' }));
      expect(money.code).toBe('23514');
      expect(money.constraint).toMatch(/^holding_/);
      expect(await state()).toEqual(before);
    });

    it('refuses a payment above what was subscribed, and a negative refund due', async () => {
      const before = await state();
      // 300.00 is unpaid: one cent more would leave paid above subscribed, in the totals and in the holding
      const overpaid = await refused(insertMovement, movement({ kind: 'PAYMENT', amount: '300.01', paid: '300.01' }));
      expect([overpaid.code, overpaid.constraint]).toEqual(['23514', 'ledger_state_check']);
      const refund = await refused(insertMovement, movement({ kind: 'REFUND', amount: '1', refundDue: '-1' }));
      expect([refund.code, refund.constraint]).toEqual(['23514', 'ledger_state_refunds_due_check']);
      expect(await state()).toEqual(before);
    });

    it("refuses a transfer that would make the transferee's holding negative", async () => {
      const before = await state();
      // an inverted transfer: the counterparty (who holds 4) would give up 5 shares
      const second = await admitMember(t.http, f, { college: f.colleges[1] });
      const e = await refused(insertMovement, movement({ kind: 'TRANSFER', member: second, counterparty: member, shares: 5, sharesDelta: 5 }));
      expect([e.code, e.constraint]).toEqual(['23514', 'holding_shares_check']);
      const ok = await db.query('SELECT count(*)::int AS n FROM holding WHERE member_id = $1', [second]);
      expect(ok.rows).toEqual([{ n: 0 }]);
      expect(await state()).toEqual(before);
    });
  });

  describe('other guards of the journal', () => {
    it('refuses a movement dated before the last one (chronological register)', async () => {
      const before = await state();
      const e = await refused(insertMovement, movement({ kind: 'PAYMENT', amount: '1', paid: '1', date: '2024-01-31' }));
      expect([e.code, e.constraint]).toEqual(['23514', 'ck_movement_chronological']);
      expect(await state()).toEqual(before);
    });

    it('refuses a reversal that does not exactly negate its original', async () => {
      const before = await state();
      const e = await refused(
        insertMovement,
        movement({ kind: 'REVERSAL', reverses: firstMovement, shares: 4, amount: '400', sharesDelta: -4, subscribed: '-400', paid: '-50' }),
      );
      expect(e.code).toBe('23514');
      expect(e.message).toBe('a reversal must exactly negate movement 1');
      expect(await state()).toEqual(before);
    });

    it('refuses a reference to a member or a share class of another cooperative', async () => {
      const before = await state();
      const theirMember = await refused(insertMovement, movement({ member: other, amount: '1', paid: '1' }));
      expect([theirMember.code, theirMember.constraint]).toEqual(['23503', 'fk_movement_member']);
      const theirClass = await refused(insertMovement, movement({ shareClass: g.classA, amount: '1', paid: '1' }));
      expect([theirClass.code, theirClass.constraint]).toEqual(['23503', 'fk_movement_share_class']);
      const theirCategory = await refused('UPDATE member SET category_id = $1 WHERE id = $2', [g.categories.employee, member]);
      expect([theirCategory.code, theirCategory.constraint]).toEqual(['23503', 'fk_member_category']);
      expect(await state()).toEqual(before);
      expect(await state(g.cooperativeId)).toMatchObject({ movements: [expect.objectContaining({ movement_number: 1 })] });
    });

    it('after all of it, the API reads the same ledger as before', async () => {
      const capital = await t.http.get(`/api/cooperatives/${f.cooperativeId}/capital`);
      expect(capital.body).toMatchObject({ lastMovementNumber: 1, subscribed: '400.00', paid: '100.00' });
      const movements = await t.http.get(`/api/cooperatives/${f.cooperativeId}/movements`);
      expect(movements.body.items.map((m: { number: number }) => m.number)).toEqual([1]);
    });
  });
});
