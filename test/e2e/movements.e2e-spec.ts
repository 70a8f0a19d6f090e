import { expectError, ledgerSnapshot } from '../support/expect-error';
import { admitMember, createScic, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

type Kind = 'subscriptions' | 'payments' | 'transfers' | 'redemptions' | 'refunds';

describe('capital movements, through HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** A fresh SCIC (so that each scenario has its own chronological journal) and shortcuts on it. */
  async function setup(settings: Record<string, unknown> = {}) {
    const f = await createScic(t.http, settings);
    const base = `/api/cooperatives/${f.cooperativeId}`;
    const post = (kind: Kind, body: Record<string, unknown>) => t.http.post(`${base}/movements/${kind}`).send(body);
    const reverse = (movementId: string, body: Record<string, unknown> = { date: '2024-12-31', reason: 'erreur de saisie' }) =>
      t.http.post(`${base}/movements/${movementId}/reversal`).send(body);
    const ok = async (kind: Kind, body: Record<string, unknown>) => {
      const res = await post(kind, body);
      expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expect.objectContaining({ kind: expect.any(String) }) });
      return res.body;
    };
    const capital = async (asOf?: string) => {
      const res = await t.http.get(`${base}/capital${asOf ? `?asOf=${asOf}` : ''}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const holdings = async (memberId: string) => {
      const res = await t.http.get(`${base}/members/${memberId}/holdings`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const member = async (memberId: string) => (await t.http.get(`${base}/members/${memberId}`)).body;
    const exit = async (memberId: string, effectiveDate: string) => {
      const res = await t.http.post(`${base}/members/${memberId}/exit`).send({ reason: 'RESIGNATION', effectiveDate });
      expect(res.status).toBe(201);
      return res.body;
    };
    const shareClass = async (body: Record<string, unknown>) => {
      const res = await t.http.post(`${base}/share-classes`).send(body);
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const candidate = async () => {
      const res = await t.http.post(`${base}/members`).send({
        personType: 'NATURAL',
        firstName: 'Cand',
        lastName: 'Idat',
        categoryId: f.categories.beneficiary,
        collegeId: f.colleges[0],
        appliedOn: '2024-01-01',
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const admit = (opts: Parameters<typeof admitMember>[2] = {}) => admitMember(t.http, f, opts);
    return { f, base, post, ok, reverse, capital, holdings, member, exit, shareClass, candidate, admit };
  }

  const sub = (
    f: ScicFixture,
    memberId: string,
    shares: number,
    paidAmount: string,
    date = '2024-02-01',
    shareClassId = f.classA,
    extra: Record<string, unknown> = {},
  ) => ({
    memberId,
    shareClassId,
    shares,
    paidAmount,
    date,
    ...extra,
  });
  const transfer = (f: ScicFixture, fromMemberId: string, toMemberId: string, shares: number, date = '2024-04-01', extra: Record<string, unknown> = {}) => ({
    fromMemberId,
    toMemberId,
    shareClassId: f.classA,
    shares,
    date,
    approvalReference: 'CA-transfer',
    approvalDate: '2024-03-15',
    ...extra,
  });

  describe('subscriptions', () => {
    it('records a subscription with its due date and the running totals', async () => {
      const s = await setup();
      const m = await s.admit();
      const res = await s.post('subscriptions', sub(s.f, m, 4, '100.00', '2024-02-01', s.f.classA, { reference: 'BS-2024-1' }));
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        number: 1,
        kind: 'SUBSCRIPTION',
        date: '2024-02-01',
        recordedAt: expect.any(String),
        memberId: m,
        counterpartyMemberId: null,
        shareClassId: s.f.classA,
        shares: 4,
        amount: '400.00',
        effect: { shares: 4, subscribed: '400.00', paid: '100.00', refundDue: '0.00' },
        lossDeduction: '0.00',
        dueDate: '2029-02-01',
        reference: 'BS-2024-1',
        referenceDate: null,
        reason: null,
        reversesMovementId: null,
        totalsAfter: { subscribedCapital: '400.00', paidCapital: '100.00', highestCapital: '400.00', publicBodyCapital: '0.00', refundsDue: '0.00' },
      });
      const got = await t.http.get(`${s.base}/movements/${res.body.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(res.body);

      // fully paid: no due date; an explicit due date within the delay is kept
      const paid = await s.ok('subscriptions', sub(s.f, m, 3, '60.00', '2024-02-01', s.f.classB, { dueDate: '2025-01-01' }));
      expect(paid).toMatchObject({ number: 2, amount: '60.00', dueDate: null, totalsAfter: { subscribedCapital: '460.00', paidCapital: '160.00' } });
      const due = await s.ok('subscriptions', sub(s.f, m, 1, '25.00', '2024-02-02', s.f.classA, { dueDate: '2024-08-01' }));
      expect(due).toMatchObject({
        number: 3,
        dueDate: '2024-08-01',
        totalsAfter: { subscribedCapital: '560.00', paidCapital: '185.00', highestCapital: '560.00' },
      });
      expect(await s.capital()).toMatchObject({ lastMovementNumber: 3, subscribed: '560.00', paid: '185.00', unpaid: '375.00', highestCapital: '560.00' });
    });

    it('FIRST_PAYMENT_TOO_LOW: exactly 1/4 passes, one cent less is refused', async () => {
      const s = await setup();
      const m = await s.admit();
      const low = await s.post('subscriptions', sub(s.f, m, 4, '99.99'));
      expectError(low, 422, 'FIRST_PAYMENT_TOO_LOW', 'paidAmount');
      expect(low.body.details).toEqual({ minimum: '100.0000', subscriptionAmount: '400.0000' });
      expectError(await s.post('subscriptions', sub(s.f, m, 4, '0')), 422, 'FIRST_PAYMENT_TOO_LOW', 'paidAmount');
      expectError(await s.post('subscriptions', sub(s.f, m, 1, '4.99', '2024-02-01', s.f.classB)), 422, 'FIRST_PAYMENT_TOO_LOW', 'paidAmount');
      expect((await s.capital()).lastMovementNumber).toBe(0);
      expect((await s.ok('subscriptions', sub(s.f, m, 4, '100.00'))).effect.paid).toBe('100.00');
      expect((await s.ok('subscriptions', sub(s.f, m, 1, '5.00', '2024-02-01', s.f.classB))).effect.paid).toBe('5.00');
    });

    it('FIRST_PAYMENT_TOO_LOW follows the statutory fraction (here 1/2)', async () => {
      const s = await setup({ minPaidFraction: '0.5' });
      const m = await s.admit();
      const low = await s.post('subscriptions', sub(s.f, m, 2, '99.99'));
      expectError(low, 422, 'FIRST_PAYMENT_TOO_LOW', 'paidAmount');
      expect(low.body.details).toEqual({ minimum: '100.0000', subscriptionAmount: '200.0000' });
      expect((await s.ok('subscriptions', sub(s.f, m, 2, '100.00'))).effect.paid).toBe('100.00');
    });

    it('PAYMENT_EXCEEDS_SUBSCRIPTION: paying more than the subscription is refused', async () => {
      const s = await setup();
      const m = await s.admit();
      const res = await s.post('subscriptions', sub(s.f, m, 4, '400.01'));
      expectError(res, 422, 'PAYMENT_EXCEEDS_SUBSCRIPTION', 'paidAmount');
      expect(res.body.details).toEqual({ subscriptionAmount: '400.0000' });
      expect(await s.ok('subscriptions', sub(s.f, m, 4, '400.00'))).toMatchObject({ dueDate: null, effect: { paid: '400.00' } });
    });

    it('DUE_DATE_TOO_LATE: the balance is due within the statutory delay, not before the subscription', async () => {
      const s = await setup({ paymentDelayMonths: 12 });
      const m = await s.admit();
      const late = await s.post('subscriptions', sub(s.f, m, 4, '100.00', '2024-02-01', s.f.classA, { dueDate: '2025-02-02' }));
      expectError(late, 422, 'DUE_DATE_TOO_LATE', 'dueDate');
      expect(late.body.details).toEqual({ latest: '2025-02-01' });
      expectError(
        await s.post('subscriptions', sub(s.f, m, 4, '100.00', '2024-02-01', s.f.classA, { dueDate: '2024-01-31' })),
        422,
        'DUE_DATE_TOO_LATE',
        'dueDate',
      );
      expect((await s.ok('subscriptions', sub(s.f, m, 4, '100.00', '2024-02-01', s.f.classA, { dueDate: '2025-02-01' }))).dueDate).toBe('2025-02-01');
      expect((await s.ok('subscriptions', sub(s.f, m, 1, '25.00', '2024-02-01'))).dueDate).toBe('2025-02-01');
      // the legal maximum of 5 years with the default delay
      const d = await setup();
      const n = await d.admit();
      expectError(
        await d.post('subscriptions', sub(d.f, n, 1, '25.00', '2024-02-01', d.f.classA, { dueDate: '2029-02-02' })),
        422,
        'DUE_DATE_TOO_LATE',
        'dueDate',
      );
      expect((await d.ok('subscriptions', sub(d.f, n, 1, '25.00', '2024-02-01', d.f.classA, { dueDate: '2029-02-01' }))).dueDate).toBe('2029-02-01');
    });

    it('MEMBER_STATUS_INVALID: a candidate, an exited or a closed member cannot subscribe', async () => {
      const s = await setup();
      const c = await s.candidate();
      const res = await s.post('subscriptions', sub(s.f, c, 1, '100.00'));
      expectError(res, 409, 'MEMBER_STATUS_INVALID', 'memberId');
      expect(res.body.details).toEqual({ status: 'CANDIDATE', allowed: ['ADMITTED'] });
      const closed = await s.admit();
      await s.exit(closed, '2024-01-20');
      expect((await s.post('subscriptions', sub(s.f, closed, 1, '100.00'))).body.details).toEqual({ status: 'CLOSED', allowed: ['ADMITTED'] });
      const exited = await s.admit();
      await s.ok('subscriptions', sub(s.f, exited, 1, '100.00', '2024-02-01'));
      await s.exit(exited, '2024-03-01');
      const again = await s.post('subscriptions', sub(s.f, exited, 1, '100.00', '2024-03-02'));
      expectError(again, 409, 'MEMBER_STATUS_INVALID', 'memberId');
      expect(again.body.details).toEqual({ status: 'EXITED', allowed: ['ADMITTED'] });
      expect((await s.capital()).lastMovementNumber).toBe(1);
    });

    it('DATE_BEFORE_ADMISSION: no movement before the member is admitted', async () => {
      const s = await setup();
      const m = await s.admit({ date: '2024-01-10' });
      const res = await s.post('subscriptions', sub(s.f, m, 1, '100.00', '2024-01-09'));
      expectError(res, 422, 'DATE_BEFORE_ADMISSION', 'date');
      expect(res.body.details).toEqual({ admissionEffectiveDate: '2024-01-10' });
      expect((await s.ok('subscriptions', sub(s.f, m, 1, '25.00', '2024-01-10'))).date).toBe('2024-01-10');
      expectError(
        await s.post('payments', { memberId: m, shareClassId: s.f.classA, amount: '1.00', date: '2024-01-09' }),
        422,
        'DATE_BEFORE_ADMISSION',
        'date',
      );
      const late = await s.admit({ date: '2024-05-01', college: s.f.colleges[1] });
      await s.ok('payments', { memberId: m, shareClassId: s.f.classA, amount: '75.00', date: '2024-02-01' });
      expectError(await s.post('transfers', transfer(s.f, m, late, 1, '2024-04-01')), 422, 'DATE_BEFORE_ADMISSION', 'date');
    });

    it('DATE_OUT_OF_ORDER: the register is chronological (the same day passes)', async () => {
      const s = await setup();
      const a = await s.admit();
      const b = await s.admit({ college: s.f.colleges[1] });
      const first = await s.ok('subscriptions', sub(s.f, a, 4, '100.00', '2024-03-01'));
      const res = await s.post('subscriptions', sub(s.f, b, 1, '100.00', '2024-02-29'));
      expectError(res, 422, 'DATE_OUT_OF_ORDER', 'date');
      expect(res.body.details).toEqual({ lastMovementDate: '2024-03-01' });
      expectError(await s.post('payments', { memberId: a, shareClassId: s.f.classA, amount: '1.00', date: '2024-02-15' }), 422, 'DATE_OUT_OF_ORDER', 'date');
      expectError(await s.reverse(first.id, { date: '2024-02-28', reason: 'x' }), 422, 'DATE_OUT_OF_ORDER', 'date');
      expect((await s.ok('subscriptions', sub(s.f, b, 1, '100.00', '2024-03-01'))).number).toBe(2);
    });

    it('SHARE_CLASS_NOT_ELIGIBLE: holder types and eligible categories are enforced', async () => {
      const s = await setup();
      const natural = await s.admit({ category: s.f.categories.employee });
      const legal = await s.admit({ category: s.f.categories.beneficiary, personType: 'LEGAL' });
      const legalOnly = await s.shareClass({ code: 'L', name: 'Personnes morales', nominalValue: '50.00', minPerMember: 0, holderTypes: ['LEGAL'] });
      const employeesOnly = await s.shareClass({
        code: 'E',
        name: 'Salariés',
        nominalValue: '10.00',
        minPerMember: 0,
        eligibleCategoryIds: [s.f.categories.employee],
      });
      const byType = await s.post('subscriptions', sub(s.f, natural, 1, '50.00', '2024-02-01', legalOnly));
      expectError(byType, 422, 'SHARE_CLASS_NOT_ELIGIBLE', 'shareClassId');
      expect(byType.body.details).toEqual({ holderTypes: ['LEGAL'], personType: 'NATURAL' });
      const byCategory = await s.post('subscriptions', sub(s.f, legal, 1, '10.00', '2024-02-01', employeesOnly));
      expectError(byCategory, 422, 'SHARE_CLASS_NOT_ELIGIBLE', 'shareClassId');
      expect(byCategory.body.details).toEqual({ holderTypes: ['NATURAL', 'LEGAL'], personType: 'LEGAL' });
      await s.ok('subscriptions', sub(s.f, legal, 1, '50.00', '2024-02-01', legalOnly));
      await s.ok('subscriptions', sub(s.f, natural, 2, '20.00', '2024-02-01', employeesOnly));
      // and for the transferee of a transfer
      const res = await s.post('transfers', { ...transfer(s.f, natural, legal, 1), shareClassId: employeesOnly });
      expectError(res, 422, 'SHARE_CLASS_NOT_ELIGIBLE', 'toMemberId');
    });

    it('ABOVE_MAXIMUM_HOLDING: by subscription or by transfer', async () => {
      const s = await setup();
      const a = await s.admit();
      const b = await s.admit({ college: s.f.colleges[1] });
      const capped = await s.shareClass({ code: 'M', name: 'Plafonnées', nominalValue: '10.00', minPerMember: 0, maxPerMember: 5 });
      await s.ok('subscriptions', sub(s.f, a, 3, '30.00', '2024-02-01', capped));
      const res = await s.post('subscriptions', sub(s.f, a, 3, '30.00', '2024-02-01', capped));
      expectError(res, 422, 'ABOVE_MAXIMUM_HOLDING', 'shares');
      expect(res.body.details).toEqual({ maxPerMember: 5, sharesAfter: 6 });
      await s.ok('subscriptions', sub(s.f, a, 2, '20.00', '2024-02-01', capped));
      await s.ok('subscriptions', sub(s.f, b, 4, '40.00', '2024-02-01', capped));
      const moved = await s.post('transfers', { ...transfer(s.f, a, b, 2), shareClassId: capped });
      expectError(moved, 422, 'ABOVE_MAXIMUM_HOLDING', 'shares');
      expect(moved.body.details).toEqual({ maxPerMember: 5, sharesAfter: 6 });
      expect((await s.ok('transfers', { ...transfer(s.f, a, b, 1), shareClassId: capped })).shares).toBe(1);
    });

    it('BELOW_MINIMUM_HOLDING: by subscription, partial withdrawal or transfer', async () => {
      const s = await setup();
      const a = await s.admit();
      const b = await s.admit({ college: s.f.colleges[1] });
      const floorClass = await s.shareClass({ code: 'N', name: 'Minimum 3', nominalValue: '10.00', minPerMember: 3 });
      const res = await s.post('subscriptions', sub(s.f, a, 2, '20.00', '2024-02-01', floorClass));
      expectError(res, 422, 'BELOW_MINIMUM_HOLDING', 'shares');
      expect(res.body.details).toEqual({ minPerMember: 3, sharesAfter: 2 });
      await s.ok('subscriptions', sub(s.f, a, 3, '30.00', '2024-02-01', floorClass));
      await s.ok('subscriptions', sub(s.f, b, 3, '30.00', '2024-02-01', floorClass));
      const withdrawal = await s.post('redemptions', {
        memberId: a,
        shareClassId: floorClass,
        shares: 1,
        date: '2024-05-01',
        approvalReference: 'CA-5',
        approvalDate: '2024-04-30',
      });
      expectError(withdrawal, 422, 'BELOW_MINIMUM_HOLDING', 'shares');
      expect(withdrawal.body.details).toEqual({ minPerMember: 3, sharesAfter: 2 });
      const moved = await s.post('transfers', { ...transfer(s.f, a, b, 1), shareClassId: floorClass });
      expectError(moved, 422, 'BELOW_MINIMUM_HOLDING', 'shares');
      expect(moved.body.details).toEqual({ minPerMember: 3, sharesAfter: 2 });
      // the class-A minimum (1) applies to a member who stays: withdrawing all their A shares is refused
      await s.ok('subscriptions', sub(s.f, a, 1, '100.00', '2024-02-01'));
      expectError(
        await s.post('redemptions', {
          memberId: a,
          shareClassId: s.f.classA,
          shares: 1,
          date: '2024-05-01',
          approvalReference: 'CA-6',
          approvalDate: '2024-04-30',
        }),
        422,
        'BELOW_MINIMUM_HOLDING',
        'shares',
      );
    });
  });

  describe('payments', () => {
    it('pays up a subscription, and refuses more than is unpaid (PAYMENT_EXCEEDS_UNPAID)', async () => {
      const s = await setup();
      const m = await s.admit();
      await s.ok('subscriptions', sub(s.f, m, 4, '100.00'));
      const over = await s.post('payments', { memberId: m, shareClassId: s.f.classA, amount: '300.01', date: '2024-03-01' });
      expectError(over, 422, 'PAYMENT_EXCEEDS_UNPAID', 'amount');
      expect(over.body.details).toEqual({ unpaid: '300.0000' });
      const pay = await s.post('payments', { memberId: m, shareClassId: s.f.classA, amount: '120.50', date: '2024-03-01', reference: 'VIR-1' });
      expect(pay.status).toBe(201);
      expect(pay.body).toMatchObject({
        number: 2,
        kind: 'PAYMENT',
        shares: 0,
        amount: '120.50',
        effect: { shares: 0, subscribed: '0.00', paid: '120.50', refundDue: '0.00' },
        dueDate: null,
        reference: 'VIR-1',
        totalsAfter: { subscribedCapital: '400.00', paidCapital: '220.50' },
      });
      await s.ok('payments', { memberId: m, shareClassId: s.f.classA, amount: '179.50', date: '2024-03-02' });
      expect((await s.holdings(m)).totals).toEqual({ shares: 4, subscribed: '400.00', paid: '400.00', unpaid: '0.00', refundDue: '0.00' });
      const none = await s.post('payments', { memberId: m, shareClassId: s.f.classA, amount: '0.01', date: '2024-03-03' });
      expectError(none, 422, 'PAYMENT_EXCEEDS_UNPAID', 'amount');
      expect(none.body.details).toEqual({ unpaid: '0.0000' });
      // a class the member never subscribed
      expect((await s.post('payments', { memberId: m, shareClassId: s.f.classB, amount: '1.00', date: '2024-03-03' })).body.details).toEqual({
        unpaid: '0.0000',
      });
    });

    it('MEMBER_STATUS_INVALID: a candidate cannot pay; an exited member still can', async () => {
      const s = await setup();
      const c = await s.candidate();
      const res = await s.post('payments', { memberId: c, shareClassId: s.f.classA, amount: '1.00', date: '2024-03-01' });
      expectError(res, 409, 'MEMBER_STATUS_INVALID', 'memberId');
      expect(res.body.details).toEqual({ status: 'CANDIDATE', allowed: ['ADMITTED', 'EXITED'] });
      const m = await s.admit();
      await s.ok('subscriptions', sub(s.f, m, 4, '100.00'));
      await s.exit(m, '2024-02-15');
      expect((await s.ok('payments', { memberId: m, shareClassId: s.f.classA, amount: '300.00', date: '2024-03-01' })).effect.paid).toBe('300.00');
    });
  });

  describe('transfers', () => {
    it('moves fully paid shares between members; capital is unchanged', async () => {
      const s = await setup();
      const a = await s.admit();
      const b = await s.admit({ college: s.f.colleges[1] });
      await s.ok('subscriptions', sub(s.f, a, 4, '400.00'));
      const res = await s.post('transfers', transfer(s.f, a, b, 3, '2024-04-01', { approvalReference: 'CA-2024-04', approvalDate: '2024-03-28' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        number: 2,
        kind: 'TRANSFER',
        memberId: a,
        counterpartyMemberId: b,
        shares: 3,
        amount: '300.00',
        effect: { shares: -3, subscribed: '-300.00', paid: '-300.00', refundDue: '0.00' },
        reference: 'CA-2024-04',
        referenceDate: '2024-03-28',
        totalsAfter: { subscribedCapital: '400.00', paidCapital: '400.00', highestCapital: '400.00' },
      });
      expect((await s.holdings(a)).totals).toMatchObject({ shares: 1, subscribed: '100.00', paid: '100.00' });
      expect((await s.holdings(b)).totals).toMatchObject({ shares: 3, subscribed: '300.00', paid: '300.00' });
      // the approval may be the same day
      await s.ok('transfers', transfer(s.f, b, a, 1, '2024-04-02', { approvalDate: '2024-04-02' }));
    });

    it('refuses transfers that the law or the holdings do not allow', async () => {
      const s = await setup();
      const a = await s.admit();
      const b = await s.admit({ college: s.f.colleges[1] });
      const c = await s.candidate();
      await s.ok('subscriptions', sub(s.f, a, 4, '100.00')); // 1 share fully paid (300.00 unpaid)

      const insufficient = await s.post('transfers', transfer(s.f, a, b, 5));
      expectError(insufficient, 422, 'INSUFFICIENT_SHARES', 'shares');
      expect(insufficient.body.details).toEqual({ held: 4 });
      const notPaid = await s.post('transfers', transfer(s.f, a, b, 2));
      expectError(notPaid, 422, 'SHARES_NOT_PAID_UP', 'shares');
      expect(notPaid.body.details).toEqual({ fullyPaid: 1 });
      const toCandidate = await s.post('transfers', transfer(s.f, a, c, 1));
      expectError(toCandidate, 422, 'TRANSFEREE_NOT_MEMBER', 'toMemberId');
      expect(toCandidate.body.details).toEqual({ status: 'CANDIDATE' });
      expectError(await s.post('transfers', transfer(s.f, a, a, 1)), 422, 'SAME_MEMBER_TRANSFER', 'toMemberId');
      expectError(await s.post('transfers', transfer(s.f, a, b, 1, '2024-04-01', { approvalDate: '2024-04-02' })), 422, 'APPROVAL_REQUIRED', 'approvalDate');
      const fromCandidate = await s.post('transfers', transfer(s.f, c, b, 1));
      expectError(fromCandidate, 409, 'MEMBER_STATUS_INVALID', 'fromMemberId');
      expectError(
        await s.post('transfers', transfer(s.f, a, b, 1, '2024-04-01', { approvalReference: undefined })),
        400,
        'VALIDATION_FAILED',
        'approvalReference',
      );
      expectError(await s.post('transfers', transfer(s.f, a, b, 1, '2024-04-01', { approvalDate: undefined })), 400, 'INVALID_DATE', 'approvalDate');
      expectError(await s.post('transfers', transfer(s.f, a, b, 0)), 400, 'VALIDATION_FAILED', 'shares');

      const closed = await s.admit({ college: s.f.colleges[2] });
      await s.exit(closed, '2024-03-01');
      expect((await s.post('transfers', transfer(s.f, a, closed, 1))).body).toMatchObject({ code: 'TRANSFEREE_NOT_MEMBER', details: { status: 'CLOSED' } });

      expect((await s.capital()).lastMovementNumber).toBe(1);
      expect((await s.ok('transfers', transfer(s.f, a, b, 1))).number).toBe(2);
    });
  });

  describe('redemptions and refunds', () => {
    it('redeems a leaving member at the nominal value of paid-up shares, then refunds in parts and closes', async () => {
      const s = await setup();
      const stays = await s.admit();
      const leaves = await s.admit({ college: s.f.colleges[1] });
      await s.ok('subscriptions', sub(s.f, stays, 10, '1000.00'));
      await s.ok('subscriptions', sub(s.f, leaves, 5, '500.00'));
      await s.exit(leaves, '2024-06-30');
      const red = await s.post('redemptions', { memberId: leaves, shareClassId: s.f.classA, shares: 5, date: '2024-07-01' });
      expect(red.status).toBe(201);
      expect(red.body).toMatchObject({
        number: 3,
        kind: 'REDEMPTION',
        shares: 5,
        amount: '500.00',
        effect: { shares: -5, subscribed: '-500.00', paid: '-500.00', refundDue: '500.00' },
        lossDeduction: '0.00',
        reference: null,
        totalsAfter: { subscribedCapital: '1000.00', paidCapital: '1000.00', highestCapital: '1500.00', refundsDue: '500.00' },
      });
      expect(await s.member(leaves)).toMatchObject({ status: 'EXITED', closedOn: null });

      const over = await s.post('refunds', { memberId: leaves, shareClassId: s.f.classA, amount: '500.01', date: '2024-08-01' });
      expectError(over, 422, 'REFUND_EXCEEDS_DUE', 'amount');
      expect(over.body.details).toEqual({ refundDue: '500.0000' });
      const part = await s.ok('refunds', { memberId: leaves, shareClassId: s.f.classA, amount: '200.00', date: '2024-08-01', reference: 'VIR-R1' });
      expect(part).toMatchObject({
        kind: 'REFUND',
        amount: '200.00',
        effect: { shares: 0, subscribed: '0.00', paid: '0.00', refundDue: '-200.00' },
        reference: 'VIR-R1',
        totalsAfter: { refundsDue: '300.00' },
      });
      expect((await s.member(leaves)).status).toBe('EXITED');
      expect((await s.post('refunds', { memberId: leaves, shareClassId: s.f.classA, amount: '300.01', date: '2024-09-01' })).body.details).toEqual({
        refundDue: '300.0000',
      });
      await s.ok('refunds', { memberId: leaves, shareClassId: s.f.classA, amount: '300.00', date: '2024-09-01' });
      expect(await s.member(leaves)).toMatchObject({ status: 'CLOSED', closedOn: '2024-09-01' });
      expect(await s.capital()).toMatchObject({ subscribed: '1000.00', paid: '1000.00', highestCapital: '1500.00', refundsDue: '0.00' });
      // a closed member can be refunded no more
      expectError(
        await s.post('refunds', { memberId: leaves, shareClassId: s.f.classA, amount: '1.00', date: '2024-09-02' }),
        409,
        'MEMBER_STATUS_INVALID',
        'memberId',
      );
      // nothing is due to a member who stays
      const nothing = await s.post('refunds', { memberId: stays, shareClassId: s.f.classA, amount: '1.00', date: '2024-09-02' });
      expectError(nothing, 422, 'REFUND_EXCEEDS_DUE', 'amount');
      expect(nothing.body.details).toEqual({ refundDue: '0.0000' });
    });

    it('cancels unpaid shares first: only what was paid is refunded', async () => {
      const s = await setup();
      const big = await s.admit();
      const m = await s.admit({ college: s.f.colleges[1] });
      await s.ok('subscriptions', sub(s.f, big, 20, '2000.00'));
      await s.ok('subscriptions', sub(s.f, m, 4, '100.00')); // 400.00 subscribed, 100.00 paid
      await s.exit(m, '2024-06-30');
      const half = await s.ok('redemptions', { memberId: m, shareClassId: s.f.classA, shares: 2, date: '2024-07-01' });
      expect(half).toMatchObject({ amount: '0.00', effect: { shares: -2, subscribed: '-200.00', paid: '0.00', refundDue: '0.00' } });
      const rest = await s.ok('redemptions', { memberId: m, shareClassId: s.f.classA, shares: 2, date: '2024-07-01' });
      expect(rest).toMatchObject({ amount: '100.00', effect: { shares: -2, subscribed: '-200.00', paid: '-100.00', refundDue: '100.00' } });
      expect((await s.holdings(m)).totals).toEqual({ shares: 0, subscribed: '0.00', paid: '0.00', unpaid: '0.00', refundDue: '100.00' });
    });

    it('a partial withdrawal by a member who stays needs approval (APPROVAL_REQUIRED)', async () => {
      const s = await setup();
      const big = await s.admit();
      const m = await s.admit({ college: s.f.colleges[1] });
      await s.ok('subscriptions', sub(s.f, big, 20, '2000.00'));
      await s.ok('subscriptions', sub(s.f, m, 3, '300.00'));
      const body = { memberId: m, shareClassId: s.f.classA, shares: 1, date: '2024-05-01' };
      expectError(await s.post('redemptions', body), 422, 'APPROVAL_REQUIRED', 'approvalReference');
      expectError(await s.post('redemptions', { ...body, approvalReference: 'CA-7', approvalDate: '2024-05-02' }), 422, 'APPROVAL_REQUIRED', 'approvalDate');
      expect((await s.capital()).lastMovementNumber).toBe(2);
      const ok = await s.ok('redemptions', { ...body, approvalReference: 'CA-7', approvalDate: '2024-04-30' });
      expect(ok).toMatchObject({ kind: 'REDEMPTION', amount: '100.00', reference: 'CA-7', referenceDate: '2024-04-30', effect: { refundDue: '100.00' } });
      expect((await s.member(m)).status).toBe('ADMITTED');
      // the member who stays is refunded, and stays admitted
      await s.ok('refunds', { memberId: m, shareClassId: s.f.classA, amount: '100.00', date: '2024-05-02' });
      expect((await s.member(m)).status).toBe('ADMITTED');
    });

    it('refuses redemptions of shares not held, of candidates, before the exit', async () => {
      const s = await setup();
      const big = await s.admit();
      const m = await s.admit({ college: s.f.colleges[1] });
      const c = await s.candidate();
      await s.ok('subscriptions', sub(s.f, big, 20, '2000.00'));
      await s.ok('subscriptions', sub(s.f, m, 4, '400.00'));
      await s.exit(m, '2024-06-30');
      const tooMany = await s.post('redemptions', { memberId: m, shareClassId: s.f.classA, shares: 5, date: '2024-07-01' });
      expectError(tooMany, 422, 'INSUFFICIENT_SHARES', 'shares');
      expect(tooMany.body.details).toEqual({ held: 4 });
      expect((await s.post('redemptions', { memberId: m, shareClassId: s.f.classB, shares: 1, date: '2024-07-01' })).body).toMatchObject({
        code: 'INSUFFICIENT_SHARES',
        details: { held: 0 },
      });
      const early = await s.post('redemptions', { memberId: m, shareClassId: s.f.classA, shares: 4, date: '2024-06-01' });
      expectError(early, 422, 'DATE_BEFORE_EXIT', 'date');
      expect(early.body.details).toEqual({ exitEffectiveDate: '2024-06-30' });
      const cand = await s.post('redemptions', { memberId: c, shareClassId: s.f.classA, shares: 1, date: '2024-07-01' });
      expectError(cand, 409, 'MEMBER_STATUS_INVALID', 'memberId');
      expect(cand.body.details).toEqual({ status: 'CANDIDATE', allowed: ['ADMITTED', 'EXITED'] });
      expectError(
        await s.post('refunds', { memberId: c, shareClassId: s.f.classA, amount: '1.00', date: '2024-07-01' }),
        409,
        'MEMBER_STATUS_INVALID',
        'memberId',
      );
      expect((await s.capital()).lastMovementNumber).toBe(2);
    });
  });

  describe('the capital floor (CAPITAL_FLOOR_BREACH)', () => {
    /** One member who will leave with `leaving` shares, another who stays with `staying`; all fully paid. */
    async function floorCase(settings: Record<string, unknown>, leaving: number, staying: number) {
      const s = await setup(settings);
      const leaves = await s.admit();
      await s.ok('subscriptions', sub(s.f, leaves, leaving, `${leaving * 100}.00`));
      if (staying) {
        const stays = await s.admit({ college: s.f.colleges[1] });
        await s.ok('subscriptions', sub(s.f, stays, staying, `${staying * 100}.00`));
      }
      await s.exit(leaves, '2024-06-30');
      const redeem = (shares: number, date = '2024-07-01') => s.post('redemptions', { memberId: leaves, shareClassId: s.f.classA, shares, date });
      return { s, redeem };
    }

    it('floor = 1/4 of the highest capital: landing exactly on it passes, one share more is refused', async () => {
      const { s, redeem } = await floorCase({}, 10, 2); // capital 1200.00, highest 1200.00: floor 300.00
      const before = await ledgerSnapshot(t.http, s.f.cooperativeId);
      const res = await redeem(10);
      expectError(res, 409, 'CAPITAL_FLOOR_BREACH', 'shares');
      expect(res.body.details).toEqual({
        capital: '1200.00',
        capitalAfter: '200.00',
        floor: '300.00',
        statutoryFloor: '0.00',
        quarterOfHighestCapital: '300.00',
        tenthOfStatutoryCapital: '0.00',
      });
      expect(await ledgerSnapshot(t.http, s.f.cooperativeId)).toEqual(before);
      expect((await redeem(9)).status).toBe(201);
      expect(await s.capital()).toMatchObject({
        subscribed: '300.00',
        highestCapital: '1200.00',
        floor: { amount: '300.00', statutoryFloor: '0.00', quarterOfHighestCapital: '300.00', tenthOfStatutoryCapital: '0.00', headroom: '0.00' },
      });
      const last = await redeem(1, '2024-07-02');
      expectError(last, 409, 'CAPITAL_FLOOR_BREACH', 'shares');
      expect(last.body.details).toMatchObject({ capital: '300.00', capitalAfter: '200.00', floor: '300.00' });
    });

    it('floor = the statutory floor when it is the highest of the three', async () => {
      const { s, redeem } = await floorCase({ statutoryFloor: '1000.00' }, 12, 0); // highest 1200: 1/4 = 300
      const res = await redeem(3);
      expectError(res, 409, 'CAPITAL_FLOOR_BREACH', 'shares');
      expect(res.body.details).toEqual({
        capital: '1200.00',
        capitalAfter: '900.00',
        floor: '1000.00',
        statutoryFloor: '1000.00',
        quarterOfHighestCapital: '300.00',
        tenthOfStatutoryCapital: '0.00',
      });
      expect((await redeem(2)).body).toMatchObject({ kind: 'REDEMPTION', totalsAfter: { subscribedCapital: '1000.00' } });
      expect((await s.capital()).floor).toEqual({
        amount: '1000.00',
        statutoryFloor: '1000.00',
        quarterOfHighestCapital: '300.00',
        tenthOfStatutoryCapital: '0.00',
        headroom: '0.00',
      });
    });

    it('floor = 1/10 of the statutory capital when it is the highest of the three', async () => {
      const { s, redeem } = await floorCase({ statutoryCapital: '15000.00', statutoryFloor: '100.00' }, 20, 0); // highest 2000: 1/4 = 500
      const res = await redeem(6);
      expectError(res, 409, 'CAPITAL_FLOOR_BREACH', 'shares');
      expect(res.body.details).toEqual({
        capital: '2000.00',
        capitalAfter: '1400.00',
        floor: '1500.00',
        statutoryFloor: '100.00',
        quarterOfHighestCapital: '500.00',
        tenthOfStatutoryCapital: '1500.00',
      });
      expect((await redeem(5)).status).toBe(201);
      expect((await s.capital()).floor).toMatchObject({ amount: '1500.00', headroom: '0.00' });
    });
  });

  describe('the public bodies cap (PUBLIC_BODY_CAP_EXCEEDED)', () => {
    it('exactly 50 % passes; more is refused by subscription, transfer or redemption', async () => {
      const s = await setup();
      const a = await s.admit({ category: s.f.categories.beneficiary });
      const p = await s.admit({ category: s.f.categories.publicBody, personType: 'LEGAL', college: s.f.colleges[2] });
      // a public body alone would hold 100 %
      expectError(await s.post('subscriptions', sub(s.f, p, 1, '100.00')), 409, 'PUBLIC_BODY_CAP_EXCEEDED', 'shares');
      await s.ok('subscriptions', sub(s.f, a, 5, '500.00'));
      const over = await s.post('subscriptions', sub(s.f, p, 6, '150.00'));
      expectError(over, 409, 'PUBLIC_BODY_CAP_EXCEEDED', 'shares');
      expect(over.body.details).toEqual({ publicBodyCapitalAfter: '600.00', capitalAfter: '1100.00' });
      const half = await s.ok('subscriptions', sub(s.f, p, 5, '125.00'));
      expect(half.totalsAfter).toMatchObject({ subscribedCapital: '1000.00', publicBodyCapital: '500.00' });
      expect((await s.capital()).publicBodies).toEqual({ capital: '500.00', share: '0.5', cap: '0.5' });

      const moved = await s.post('transfers', transfer(s.f, a, p, 1));
      expectError(moved, 409, 'PUBLIC_BODY_CAP_EXCEEDED', 'shares');
      expect(moved.body.details).toEqual({ publicBodyCapitalAfter: '600.00', capitalAfter: '1000.00' });
      const withdrawal = await s.post('redemptions', {
        memberId: a,
        shareClassId: s.f.classA,
        shares: 1,
        date: '2024-05-01',
        approvalReference: 'CA-8',
        approvalDate: '2024-05-01',
      });
      expectError(withdrawal, 409, 'PUBLIC_BODY_CAP_EXCEEDED', 'shares');
      expect(withdrawal.body.details).toEqual({ publicBodyCapitalAfter: '500.00', capitalAfter: '900.00' });
      expect((await s.capital()).lastMovementNumber).toBe(2);
    });

    it('does not apply outside a SCIC', async () => {
      const coop = (await t.http.post('/api/cooperatives').send({ name: 'SCOP publique', legalKind: 'SCOP' })).body.id;
      const base = `/api/cooperatives/${coop}`;
      const cat = (await t.http.post(`${base}/categories`).send({ name: 'Collectivités', kind: 'PUBLIC_BODY' })).body.id;
      const cls = (await t.http.post(`${base}/share-classes`).send({ code: 'A', name: 'A', nominalValue: '100.00' })).body.id;
      const m = (await t.http.post(`${base}/members`).send({ personType: 'LEGAL', companyName: 'Commune', categoryId: cat, appliedOn: '2024-01-01' })).body.id;
      await t.http.post(`${base}/members/${m}/admission`).send({ decisionRef: 'AG', decisionDate: '2024-01-02', effectiveDate: '2024-01-02' });
      const res = await t.http
        .post(`${base}/movements/subscriptions`)
        .send({ memberId: m, shareClassId: cls, shares: 2, paidAmount: '200.00', date: '2024-02-01' });
      expect(res.status).toBe(201);
      expect(res.body.totalsAfter).toMatchObject({ subscribedCapital: '200.00', publicBodyCapital: '200.00' });
    });
  });

  describe('losses deducted from redemptions (loss statements)', () => {
    /** Capital 1000.00 at the close of 2024 (a leaver with 5 shares, a stayer with 5), then the leaver leaves in 2025. */
    async function withLosses(lossAllocation: string) {
      const s = await setup({ lossAllocation });
      const leaves = await s.admit();
      const stays = await s.admit({ college: s.f.colleges[1] });
      await s.ok('subscriptions', sub(s.f, leaves, 5, '500.00', '2024-02-01'));
      await s.ok('subscriptions', sub(s.f, stays, 5, '500.00', '2024-02-01'));
      const statement = await t.http
        .post(`${s.base}/loss-statements`)
        .send({ fiscalYearEnd: '2024-12-31', losses: '400.00', statutoryReserves: '200.00', reference: 'AG-2025' });
      expect(statement.status).toBe(201);
      expect(statement.body).toEqual({
        id: expect.any(String),
        fiscalYearEnd: '2024-12-31',
        losses: '400.00',
        statutoryReserves: '200.00',
        capitalAtClose: '1000.00',
        reference: 'AG-2025',
        createdAt: expect.any(String),
      });
      await s.exit(leaves, '2025-03-31');
      return { s, leaves };
    }

    it('pro rata over capital and reserves: losses × paid / (capital + reserves)', async () => {
      const { s, leaves } = await withLosses('PRO_RATA_CAPITAL_AND_RESERVES');
      // 500.00 × 400 / (1000 + 200) = 166.666… → 166.67
      const red = await s.ok('redemptions', { memberId: leaves, shareClassId: s.f.classA, shares: 5, date: '2025-04-01' });
      expect(red).toMatchObject({
        amount: '333.33',
        lossDeduction: '166.67',
        effect: { shares: -5, subscribed: '-500.00', paid: '-500.00', refundDue: '333.33' },
        totalsAfter: { subscribedCapital: '500.00', refundsDue: '333.33' },
      });
      expectError(
        await s.post('refunds', { memberId: leaves, shareClassId: s.f.classA, amount: '333.34', date: '2025-05-01' }),
        422,
        'REFUND_EXCEEDS_DUE',
        'amount',
      );
      await s.ok('refunds', { memberId: leaves, shareClassId: s.f.classA, amount: '333.33', date: '2025-05-01' });
      expect((await s.member(leaves)).status).toBe('CLOSED');
    });

    it('reserves first: only the losses the statutory reserves cannot absorb, over the capital', async () => {
      const { s, leaves } = await withLosses('RESERVES_FIRST');
      // (400 − 200) / 1000 = 20 % of 500.00
      const red = await s.ok('redemptions', { memberId: leaves, shareClassId: s.f.classA, shares: 5, date: '2025-04-01' });
      expect(red).toMatchObject({ amount: '400.00', lossDeduction: '100.00', effect: { paid: '-500.00', refundDue: '400.00' } });
    });

    it("uses the statement of the exit's year or an earlier one, never a later one", async () => {
      const s = await setup();
      const leaves = await s.admit();
      const stays = await s.admit({ college: s.f.colleges[1] });
      await s.ok('subscriptions', sub(s.f, leaves, 5, '500.00', '2024-02-01'));
      await s.ok('subscriptions', sub(s.f, stays, 5, '500.00', '2024-02-01'));
      await s.exit(leaves, '2024-03-01'); // valued at the close of 2024
      const later = await t.http.post(`${s.base}/loss-statements`).send({ fiscalYearEnd: '2025-12-31', losses: '600.00', statutoryReserves: '0' });
      expect(later.body.capitalAtClose).toBe('1000.00');
      const red = await s.ok('redemptions', { memberId: leaves, shareClassId: s.f.classA, shares: 5, date: '2024-04-01' });
      expect(red).toMatchObject({ amount: '500.00', lossDeduction: '0.00' });
    });

    it('lists statements by year and refuses bad ones', async () => {
      const s = await setup();
      const url = `${s.base}/loss-statements`;
      expect((await t.http.get(url)).body).toEqual([]);
      await t.http.post(url).send({ fiscalYearEnd: '2024-12-31', losses: '10.00', statutoryReserves: '0' });
      await t.http.post(url).send({ fiscalYearEnd: '2023-12-31', losses: '0', statutoryReserves: '5.5' });
      const list = await t.http.get(url);
      expect(list.status).toBe(200);
      expect(
        list.body.map((x: { fiscalYearEnd: string; losses: string; statutoryReserves: string; capitalAtClose: string; reference: null }) => [
          x.fiscalYearEnd,
          x.losses,
          x.statutoryReserves,
          x.capitalAtClose,
          x.reference,
        ]),
      ).toEqual([
        ['2023-12-31', '0.00', '5.50', '0.00', null],
        ['2024-12-31', '10.00', '0.00', '0.00', null],
      ]);
      expectError(
        await t.http.post(url).send({ fiscalYearEnd: '2024-12-31', losses: '20.00', statutoryReserves: '0' }),
        409,
        'DUPLICATE_CODE',
        'fiscalYearEnd',
      );
      expectError(
        await t.http.post(url).send({ fiscalYearEnd: '2024-06-30', losses: '20.00', statutoryReserves: '0' }),
        400,
        'VALIDATION_FAILED',
        'fiscalYearEnd',
      );
      expectError(await t.http.post(url).send({ fiscalYearEnd: '2024-12-32', losses: '20.00', statutoryReserves: '0' }), 400, 'INVALID_DATE', 'fiscalYearEnd');
      expectError(await t.http.post(url).send({ fiscalYearEnd: '2022-12-31', losses: 20, statutoryReserves: '0' }), 400, 'INVALID_AMOUNT', 'losses');
      expectError(await t.http.post(url).send({ fiscalYearEnd: '2022-12-31', losses: '-1.00', statutoryReserves: '0' }), 400, 'INVALID_AMOUNT', 'losses');
      expectError(
        await t.http.post(url).send({ fiscalYearEnd: '2022-12-31', losses: '1.00', statutoryReserves: '0.00001' }),
        400,
        'INVALID_AMOUNT',
        'statutoryReserves',
      );
      expectError(
        await t.http.post(url).send({ fiscalYearEnd: '2022-12-31', losses: '1.00', statutoryReserves: '0', capitalAtClose: '5.00' }),
        400,
        'UNKNOWN_FIELD',
        'capitalAtClose',
      );
      expect((await t.http.get(url)).body).toHaveLength(2);
      expectError(await t.http.get(`/api/cooperatives/${UNKNOWN_ID}/loss-statements`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
      expectError(
        await t.http.post(`/api/cooperatives/${UNKNOWN_ID}/loss-statements`).send({ fiscalYearEnd: '2024-12-31', losses: '1.00', statutoryReserves: '0' }),
        404,
        'COOPERATIVE_NOT_FOUND',
        'cooperativeId',
      );
    });
  });

  describe('reversals', () => {
    it('negates a movement exactly, restoring holdings and totals (the highest capital stays)', async () => {
      const s = await setup();
      const m = await s.admit();
      const other = await s.admit({ college: s.f.colleges[1] });
      await s.ok('subscriptions', sub(s.f, other, 2, '200.00', '2024-01-20'));
      const capitalBefore = await s.capital();
      const subscription = await s.ok('subscriptions', sub(s.f, m, 4, '100.00', '2024-02-01'));
      const payment = await s.ok('payments', { memberId: m, shareClassId: s.f.classA, amount: '100.00', date: '2024-02-02' });

      const undoPay = await s.reverse(payment.id, { date: '2024-03-01', reason: 'virement rejeté' });
      expect(undoPay.status).toBe(201);
      expect(undoPay.body).toEqual({
        id: expect.any(String),
        number: 4,
        kind: 'REVERSAL',
        date: '2024-03-01',
        recordedAt: expect.any(String),
        memberId: m,
        counterpartyMemberId: null,
        shareClassId: s.f.classA,
        shares: 0,
        amount: '100.00',
        effect: { shares: 0, subscribed: '0.00', paid: '-100.00', refundDue: '0.00' },
        lossDeduction: '0.00',
        dueDate: null,
        reference: null,
        referenceDate: null,
        reason: 'virement rejeté',
        reversesMovementId: payment.id,
        totalsAfter: { subscribedCapital: '600.00', paidCapital: '300.00', highestCapital: '600.00', publicBodyCapital: '0.00', refundsDue: '0.00' },
      });
      expect((await s.holdings(m)).totals).toEqual({ shares: 4, subscribed: '400.00', paid: '100.00', unpaid: '300.00', refundDue: '0.00' });

      const undoSub = await s.ok(`${subscription.id}/reversal` as Kind, { date: '2024-03-01', reason: 'bulletin annulé' });
      expect(undoSub).toMatchObject({
        number: 5,
        kind: 'REVERSAL',
        shares: 4,
        amount: '400.00',
        effect: { shares: -4, subscribed: '-400.00', paid: '-100.00' },
        reversesMovementId: subscription.id,
      });
      expect((await s.holdings(m)).totals).toEqual({ shares: 0, subscribed: '0.00', paid: '0.00', unpaid: '0.00', refundDue: '0.00' });
      const after = await s.capital();
      expect(after).toEqual({
        ...capitalBefore,
        lastMovementNumber: 5,
        highestCapital: '600.00',
        floor: { ...capitalBefore.floor, amount: '150.00', quarterOfHighestCapital: '150.00', headroom: '50.00' },
      });
      expect(after).toMatchObject({ subscribed: '200.00', paid: '200.00', unpaid: '0.00' });
    });

    it('refuses to reverse twice (MOVEMENT_ALREADY_REVERSED) or to reverse a reversal (MOVEMENT_NOT_REVERSIBLE)', async () => {
      const s = await setup();
      const m = await s.admit();
      const subscription = await s.ok('subscriptions', sub(s.f, m, 4, '100.00'));
      const payment = await s.ok('payments', { memberId: m, shareClassId: s.f.classA, amount: '50.00', date: '2024-02-02' });
      const reversal = (await s.reverse(payment.id)).body;
      const snapshot = await ledgerSnapshot(t.http, s.f.cooperativeId, [m]);
      expectError(await s.reverse(payment.id), 409, 'MOVEMENT_ALREADY_REVERSED', 'movementId');
      expectError(await s.reverse(reversal.id), 409, 'MOVEMENT_NOT_REVERSIBLE', 'movementId');
      expectError(await s.reverse(subscription.id, { date: '2024-02-01', reason: 'trop tôt' }), 422, 'DATE_OUT_OF_ORDER', 'date');
      expectError(await s.reverse(subscription.id, { date: '2024-12-31' }), 400, 'VALIDATION_FAILED', 'reason');
      expectError(await s.reverse(subscription.id, { date: '2024-12-31', reason: '' }), 400, 'VALIDATION_FAILED', 'reason');
      expectError(await s.reverse(subscription.id, { date: '2024-02-30', reason: 'x' }), 400, 'INVALID_DATE', 'date');
      expectError(await s.reverse(subscription.id, { date: '2024-12-31', reason: 'x', amount: '1.00' }), 400, 'UNKNOWN_FIELD', 'amount');
      expect(await ledgerSnapshot(t.http, s.f.cooperativeId, [m])).toEqual(snapshot);
    });

    it('refuses to reverse a subscription whose shares were since transferred: 409 REVERSAL_BREAKS_INVARIANT', async () => {
      const s = await setup();
      const a = await s.admit();
      const b = await s.admit({ college: s.f.colleges[1] });
      const subscription = await s.ok('subscriptions', sub(s.f, a, 4, '400.00'));
      const moved = await s.ok('transfers', transfer(s.f, a, b, 3));
      const snapshot = await ledgerSnapshot(t.http, s.f.cooperativeId, [a, b]);
      expectError(await s.reverse(subscription.id), 409, 'REVERSAL_BREAKS_INVARIANT', 'movementId');
      expect(await ledgerSnapshot(t.http, s.f.cooperativeId, [a, b])).toEqual(snapshot);
      // reversing the transfer first gives the shares back; then the subscription can be reversed
      const back = await s.ok(`${moved.id}/reversal` as Kind, { date: '2024-12-31', reason: 'cession annulée' });
      expect(back).toMatchObject({
        kind: 'REVERSAL',
        memberId: a,
        counterpartyMemberId: b,
        shares: 3,
        effect: { shares: 3, subscribed: '300.00', paid: '300.00' },
      });
      expect((await s.holdings(a)).totals).toMatchObject({ shares: 4, paid: '400.00' });
      expect((await s.holdings(b)).totals).toMatchObject({ shares: 0, paid: '0.00' });
      expect((await s.reverse(subscription.id)).status).toBe(201);
      expect(await s.capital()).toMatchObject({ subscribed: '0.00', paid: '0.00', highestCapital: '400.00' });
    });

    it('reopens a member closed by a refund when the refund is reversed', async () => {
      const s = await setup();
      const big = await s.admit();
      const m = await s.admit({ college: s.f.colleges[1] });
      await s.ok('subscriptions', sub(s.f, big, 20, '2000.00'));
      await s.ok('subscriptions', sub(s.f, m, 2, '200.00'));
      await s.exit(m, '2024-06-30');
      await s.ok('redemptions', { memberId: m, shareClassId: s.f.classA, shares: 2, date: '2024-07-01' });
      const refund = await s.ok('refunds', { memberId: m, shareClassId: s.f.classA, amount: '200.00', date: '2024-08-01' });
      expect(await s.member(m)).toMatchObject({ status: 'CLOSED', closedOn: '2024-08-01' });
      const undo = await s.ok(`${refund.id}/reversal` as Kind, { date: '2024-08-02', reason: 'virement revenu' });
      expect(undo).toMatchObject({ effect: { refundDue: '200.00' }, totalsAfter: { refundsDue: '200.00' } });
      expect(await s.member(m)).toMatchObject({ status: 'EXITED', closedOn: null });
      expect((await s.holdings(m)).totals.refundDue).toBe('200.00');
    });
  });

  describe('lookups: unknown ids and other cooperatives (404)', () => {
    let s: Awaited<ReturnType<typeof setup>>;
    let o: Awaited<ReturnType<typeof setup>>;
    let m: string;
    let n: string;
    let theirs: string;
    let theirMovement: string;
    let mine: string;

    beforeAll(async () => {
      s = await setup();
      o = await setup();
      m = await s.admit();
      n = await s.admit({ college: s.f.colleges[1] });
      theirs = await o.admit();
      mine = (await s.ok('subscriptions', sub(s.f, m, 4, '400.00'))).id;
      theirMovement = (await o.ok('subscriptions', sub(o.f, theirs, 4, '400.00'))).id;
    });

    it.each([
      ['subscriptions', 'an unknown member', () => sub(s.f, UNKNOWN_ID, 1, '100.00'), 'MEMBER_NOT_FOUND', 'memberId'],
      ['subscriptions', 'a member of another cooperative', () => sub(s.f, theirs, 1, '100.00'), 'MEMBER_NOT_FOUND', 'memberId'],
      ['subscriptions', 'an unknown share class', () => sub(s.f, m, 1, '100.00', '2024-02-01', UNKNOWN_ID), 'SHARE_CLASS_NOT_FOUND', 'shareClassId'],
      [
        'subscriptions',
        'a share class of another cooperative',
        () => sub(s.f, m, 1, '100.00', '2024-02-01', o.f.classA),
        'SHARE_CLASS_NOT_FOUND',
        'shareClassId',
      ],
      [
        'payments',
        'a member of another cooperative',
        () => ({ memberId: theirs, shareClassId: s.f.classA, amount: '1.00', date: '2024-03-01' }),
        'MEMBER_NOT_FOUND',
        'memberId',
      ],
      [
        'payments',
        'a share class of another cooperative',
        () => ({ memberId: m, shareClassId: o.f.classA, amount: '1.00', date: '2024-03-01' }),
        'SHARE_CLASS_NOT_FOUND',
        'shareClassId',
      ],
      ['transfers', 'an unknown transferor', () => transfer(s.f, UNKNOWN_ID, n, 1), 'MEMBER_NOT_FOUND', 'fromMemberId'],
      ['transfers', 'a transferee of another cooperative', () => transfer(s.f, m, theirs, 1), 'MEMBER_NOT_FOUND', 'toMemberId'],
      [
        'transfers',
        'a share class of another cooperative',
        () => ({ ...transfer(s.f, m, n, 1), shareClassId: o.f.classA }),
        'SHARE_CLASS_NOT_FOUND',
        'shareClassId',
      ],
      [
        'redemptions',
        'a member of another cooperative',
        () => ({ memberId: theirs, shareClassId: s.f.classA, shares: 1, date: '2024-07-01' }),
        'MEMBER_NOT_FOUND',
        'memberId',
      ],
      [
        'redemptions',
        'an unknown share class',
        () => ({ memberId: m, shareClassId: UNKNOWN_ID, shares: 1, date: '2024-07-01' }),
        'SHARE_CLASS_NOT_FOUND',
        'shareClassId',
      ],
      [
        'refunds',
        'an unknown member',
        () => ({ memberId: UNKNOWN_ID, shareClassId: s.f.classA, amount: '1.00', date: '2024-07-01' }),
        'MEMBER_NOT_FOUND',
        'memberId',
      ],
      [
        'refunds',
        'a share class of another cooperative',
        () => ({ memberId: m, shareClassId: o.f.classB, amount: '1.00', date: '2024-07-01' }),
        'SHARE_CLASS_NOT_FOUND',
        'shareClassId',
      ],
    ] as [Kind, string, () => Record<string, unknown>, string, string][])('%s with %s: 404 %s', async (kind, _, body, code, field) => {
      const before = await ledgerSnapshot(t.http, s.f.cooperativeId);
      const theirsBefore = await ledgerSnapshot(t.http, o.f.cooperativeId);
      expectError(await s.post(kind, body()), 404, code, field);
      expect(await ledgerSnapshot(t.http, s.f.cooperativeId)).toEqual(before);
      expect(await ledgerSnapshot(t.http, o.f.cooperativeId)).toEqual(theirsBefore);
    });

    it('GET or reverse an unknown movement, or one of another cooperative: 404 MOVEMENT_NOT_FOUND', async () => {
      expectError(await t.http.get(`${s.base}/movements/${UNKNOWN_ID}`), 404, 'MOVEMENT_NOT_FOUND', 'movementId');
      expectError(await t.http.get(`${s.base}/movements/${theirMovement}`), 404, 'MOVEMENT_NOT_FOUND', 'movementId');
      expectError(await s.reverse(UNKNOWN_ID), 404, 'MOVEMENT_NOT_FOUND', 'movementId');
      expectError(await s.reverse(theirMovement), 404, 'MOVEMENT_NOT_FOUND', 'movementId');
      expect((await t.http.get(`${o.base}/movements/${theirMovement}`)).status).toBe(200);
      expect((await o.capital()).lastMovementNumber).toBe(1);
      expectError(await t.http.get(`${s.base}/movements/12`), 400, 'VALIDATION_FAILED', 'movementId');
      expectError(await s.reverse('12'), 400, 'VALIDATION_FAILED', 'movementId');
    });

    it('an unknown cooperative: 404 COOPERATIVE_NOT_FOUND on every movement route', async () => {
      const c = `/api/cooperatives/${UNKNOWN_ID}/movements`;
      expectError(await t.http.post(`${c}/subscriptions`).send(sub(s.f, m, 1, '100.00')), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
      expectError(
        await t.http.post(`${c}/payments`).send({ memberId: m, shareClassId: s.f.classA, amount: '1.00', date: '2024-03-01' }),
        404,
        'COOPERATIVE_NOT_FOUND',
        'cooperativeId',
      );
      expectError(await t.http.post(`${c}/transfers`).send(transfer(s.f, m, n, 1)), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
      expectError(
        await t.http.post(`${c}/redemptions`).send({ memberId: m, shareClassId: s.f.classA, shares: 1, date: '2024-07-01' }),
        404,
        'COOPERATIVE_NOT_FOUND',
        'cooperativeId',
      );
      expectError(
        await t.http.post(`${c}/refunds`).send({ memberId: m, shareClassId: s.f.classA, amount: '1.00', date: '2024-07-01' }),
        404,
        'COOPERATIVE_NOT_FOUND',
        'cooperativeId',
      );
      expectError(await t.http.post(`${c}/${mine}/reversal`).send({ date: '2024-12-31', reason: 'x' }), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
      expectError(await t.http.get(c), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
      expectError(await t.http.get(`${c}/${mine}`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    });
  });

  describe('amounts and shares on the wire', () => {
    let s: Awaited<ReturnType<typeof setup>>;
    let m: string;

    beforeAll(async () => {
      s = await setup();
      m = await s.admit();
      await s.ok('subscriptions', sub(s.f, m, 4, '100.00'));
      await s.exit(m, '2024-06-30'); // so that redemptions and refunds pass the status check
    });

    it.each([
      ['payments', 'amount', 'zero', '0.00'],
      ['payments', 'amount', 'negative', '-10.00'],
      ['payments', 'amount', 'over-scale', '10.00001'],
      ['payments', 'amount', 'a JSON number', 10],
      ['payments', 'amount', 'an exponent', '1e1'],
      ['payments', 'amount', 'missing', undefined],
      ['refunds', 'amount', 'zero', '0'],
      ['refunds', 'amount', 'negative', '-0.01'],
      ['refunds', 'amount', 'over-scale', '0.00001'],
      ['refunds', 'amount', 'a JSON number', 0.5],
      ['subscriptions', 'paidAmount', 'negative', '-25.00'],
      ['subscriptions', 'paidAmount', 'over-scale', '25.000001'],
      ['subscriptions', 'paidAmount', 'a JSON number', 25],
      ['subscriptions', 'paidAmount', 'with spaces', ' 25.00'],
    ] as [Kind, string, string, unknown][])('%s: %s %s → 400 INVALID_AMOUNT', async (kind, field, _, value) => {
      const bodies: Record<string, Record<string, unknown>> = {
        payments: { memberId: m, shareClassId: s.f.classA, amount: '1.00', date: '2024-07-01' },
        refunds: { memberId: m, shareClassId: s.f.classA, amount: '1.00', date: '2024-07-01' },
        subscriptions: sub(s.f, m, 1, '25.00', '2024-07-01'),
      };
      const before = await ledgerSnapshot(t.http, s.f.cooperativeId, [m]);
      expectError(await s.post(kind, { ...bodies[kind], [field]: value }), 400, 'INVALID_AMOUNT', field);
      expect(await ledgerSnapshot(t.http, s.f.cooperativeId, [m])).toEqual(before);
    });

    it.each([
      ['subscriptions', 0],
      ['subscriptions', -1],
      ['subscriptions', 1.5],
      ['subscriptions', '2'],
      ['subscriptions', 10_000_001],
      ['redemptions', 0],
      ['transfers', -3],
    ] as [Kind, unknown][])('%s: shares = %j → 400 VALIDATION_FAILED', async (kind, shares) => {
      const bodies: Record<string, Record<string, unknown>> = {
        subscriptions: sub(s.f, m, 1, '25.00', '2024-07-01'),
        redemptions: { memberId: m, shareClassId: s.f.classA, shares: 1, date: '2024-07-01' },
        transfers: transfer(s.f, m, m, 1),
      };
      expectError(await s.post(kind, { ...bodies[kind], shares }), 400, 'VALIDATION_FAILED', 'shares');
    });

    it.each([
      ['subscriptions', { memberId: 'abc' }, 'VALIDATION_FAILED', 'memberId'],
      ['subscriptions', { date: '2024-02-30' }, 'INVALID_DATE', 'date'],
      ['subscriptions', { date: '01/02/2024' }, 'INVALID_DATE', 'date'],
      ['subscriptions', { dueDate: '2025-13-01' }, 'INVALID_DATE', 'dueDate'],
      ['subscriptions', { reference: '' }, 'VALIDATION_FAILED', 'reference'],
      ['subscriptions', { number: 12 }, 'UNKNOWN_FIELD', 'number'],
      ['subscriptions', { amount: '100.00' }, 'UNKNOWN_FIELD', 'amount'],
    ] as [Kind, Record<string, unknown>, string, string][])('%s with %j → 400 %s', async (kind, patch, code, field) => {
      expectError(await s.post(kind, { ...sub(s.f, m, 1, '25.00', '2024-07-01'), ...patch }), 400, code, field);
    });

    it('keeps 4-decimal amounts exact (a nominal value of 15.2449); cash is in cents but may settle such a balance exactly', async () => {
      const x = await setup();
      const a = await x.admit();
      const cls = await x.shareClass({ code: 'F', name: 'Francs', nominalValue: '15.2449', minPerMember: 0 });
      // 3 × 15.2449 = 45.7347; 1/4 = 11.433675: 11.43 is too low, 11.4337 is not cash, 11.44 passes
      const low = await x.post('subscriptions', sub(x.f, a, 3, '11.43', '2024-02-01', cls));
      expectError(low, 422, 'FIRST_PAYMENT_TOO_LOW', 'paidAmount');
      expect(low.body.details).toEqual({ minimum: '11.4337', subscriptionAmount: '45.7347' });
      expect(low.body.message).toMatch(/^at least 11\.44 /);
      expectError(await x.post('subscriptions', sub(x.f, a, 3, '11.4337', '2024-02-01', cls)), 422, 'AMOUNT_BELOW_CENT', 'paidAmount');
      const ok = await x.ok('subscriptions', sub(x.f, a, 3, '11.44', '2024-02-01', cls));
      expect(ok).toMatchObject({
        amount: '45.7347',
        effect: { subscribed: '45.7347', paid: '11.44' },
        totalsAfter: { subscribedCapital: '45.7347', paidCapital: '11.44' },
      });
      // 34.2947 is left: a payment of 34.301 is not cash; the exact balance is the one sub-cent payment allowed
      expectError(await x.post('payments', { memberId: a, shareClassId: cls, amount: '34.301', date: '2024-02-02' }), 422, 'AMOUNT_BELOW_CENT', 'amount');
      await x.ok('payments', { memberId: a, shareClassId: cls, amount: '34.2947', date: '2024-02-02' });
      expect((await x.holdings(a)).classes[0]).toMatchObject({ subscribed: '45.7347', paid: '45.7347', unpaid: '0.00', fullyPaidShares: 3 });
    });
  });

  describe('cash is in whole cents (AMOUNT_BELOW_CENT)', () => {
    let s: Awaited<ReturnType<typeof setup>>;
    let payer: string;
    let leaver: string;

    beforeAll(async () => {
      s = await setup();
      payer = await s.admit();
      await s.ok('subscriptions', sub(s.f, payer, 4, '125.00')); // paid capital 125.00, 275.00 unpaid
      leaver = await s.admit({ college: s.f.colleges[1] });
      await s.ok('subscriptions', sub(s.f, leaver, 2, '200.00'));
      await s.exit(leaver, '2024-06-30');
      await s.ok('redemptions', { memberId: leaver, shareClassId: s.f.classA, shares: 2, date: '2024-07-01' }); // 200.00 due
    });

    it.each([
      ['payments', 'amount', '10.005'],
      ['payments', 'amount', '0.0001'],
      ['payments', 'amount', '275.001'],
      ['subscriptions', 'paidAmount', '100.005'],
      ['subscriptions', 'paidAmount', '399.9999'],
      ['refunds', 'amount', '0.001'],
      ['refunds', 'amount', '199.9999'],
    ] as [Kind, string, string][])('%s: %s = %s → 422 AMOUNT_BELOW_CENT, nothing recorded', async (kind, field, value) => {
      const bodies: Record<string, Record<string, unknown>> = {
        payments: { memberId: payer, shareClassId: s.f.classA, amount: value, date: '2024-07-01' },
        subscriptions: sub(s.f, payer, 4, value, '2024-07-01', s.f.classA),
        refunds: { memberId: leaver, shareClassId: s.f.classA, amount: value, date: '2024-07-01' },
      };
      const before = await ledgerSnapshot(t.http, s.f.cooperativeId, [payer, leaver]);
      const res = await s.post(kind, bodies[kind]);
      expectError(res, 422, 'AMOUNT_BELOW_CENT', field);
      expect(res.body.message).toContain(`${field} is cash: it must be in whole cents`);
      expect(await ledgerSnapshot(t.http, s.f.cooperativeId, [payer, leaver])).toEqual(before);
      expect(await s.capital()).toMatchObject({ paid: '125.00', refundsDue: '200.00' }); // 125.00 + 10.005 was once recorded as 135.005
    });

    it('the same amounts in whole cents are recorded, with or without trailing zeros', async () => {
      expect(await s.ok('payments', { memberId: payer, shareClassId: s.f.classA, amount: '10.0100', date: '2024-07-02' })).toMatchObject({ amount: '10.01' });
      expect(await s.ok('refunds', { memberId: leaver, shareClassId: s.f.classA, amount: '0.01', date: '2024-07-02' })).toMatchObject({ amount: '0.01' });
      expect(await s.capital()).toMatchObject({ paid: '135.01', refundsDue: '199.99' });
    });

    it('loss statements: losses and reserves in whole cents', async () => {
      const url = `${s.base}/loss-statements`;
      expectError(await t.http.post(url).send({ fiscalYearEnd: '2023-12-31', losses: '10.005', statutoryReserves: '0' }), 422, 'AMOUNT_BELOW_CENT', 'losses');
      expectError(
        await t.http.post(url).send({ fiscalYearEnd: '2023-12-31', losses: '10.00', statutoryReserves: '0.0001' }),
        422,
        'AMOUNT_BELOW_CENT',
        'statutoryReserves',
      );
      expect((await t.http.get(url)).body).toEqual([]);
      const ok = await t.http.post(url).send({ fiscalYearEnd: '2023-12-31', losses: '10.0000', statutoryReserves: '0.50' });
      expect([ok.status, ok.body.losses, ok.body.statutoryReserves]).toEqual([201, '10.00', '0.50']);
    });
  });

  describe('GET /movements (filters and pagination)', () => {
    let s: Awaited<ReturnType<typeof setup>>;
    let m1: string;
    let m2: string;
    let m3: string;

    beforeAll(async () => {
      s = await setup();
      m1 = await s.admit();
      m2 = await s.admit({ college: s.f.colleges[1] });
      m3 = await s.admit({ college: s.f.colleges[2] });
      await s.ok('subscriptions', sub(s.f, m1, 4, '200.00', '2024-02-01')); // 1
      await s.ok('subscriptions', sub(s.f, m2, 2, '200.00', '2024-02-01')); // 2
      await s.ok('payments', { memberId: m1, shareClassId: s.f.classA, amount: '200.00', date: '2024-03-01' }); // 3
      await s.ok('transfers', transfer(s.f, m1, m2, 1, '2024-04-01')); // 4
      await s.ok('subscriptions', sub(s.f, m3, 5, '100.00', '2024-05-01', s.f.classB)); // 5
    });

    const numbers = async (query: string) => {
      const res = await t.http.get(`${s.base}/movements?${query}`);
      expect(res.status).toBe(200);
      return res.body.items.map((x: { number: number }) => x.number);
    };

    it('filters by member (either side of a transfer), kind and dates (inclusive)', async () => {
      expect(await numbers('')).toEqual([1, 2, 3, 4, 5]);
      expect(await numbers(`memberId=${m1}`)).toEqual([1, 3, 4]);
      expect(await numbers(`memberId=${m2}`)).toEqual([2, 4]);
      expect(await numbers(`memberId=${m3}`)).toEqual([5]);
      expect(await numbers(`memberId=${UNKNOWN_ID}`)).toEqual([]);
      expect(await numbers('kind=SUBSCRIPTION')).toEqual([1, 2, 5]);
      expect(await numbers('kind=TRANSFER')).toEqual([4]);
      expect(await numbers('kind=REVERSAL')).toEqual([]);
      expect(await numbers('from=2024-03-01')).toEqual([3, 4, 5]);
      expect(await numbers('to=2024-03-01')).toEqual([1, 2, 3]);
      expect(await numbers('from=2024-03-01&to=2024-04-01')).toEqual([3, 4]);
      expect(await numbers('from=2024-06-01')).toEqual([]);
      expect(await numbers(`memberId=${m1}&kind=PAYMENT`)).toEqual([3]);
    });

    it('pages with a cursor, also with a filter', async () => {
      const p1 = (await t.http.get(`${s.base}/movements?limit=2`)).body;
      expect(p1.items.map((x: { number: number }) => x.number)).toEqual([1, 2]);
      const p2 = (await t.http.get(`${s.base}/movements?limit=2&cursor=${p1.nextCursor}`)).body;
      expect(p2.items.map((x: { number: number }) => x.number)).toEqual([3, 4]);
      const p3 = (await t.http.get(`${s.base}/movements?limit=2&cursor=${p2.nextCursor}`)).body;
      expect(p3.items.map((x: { number: number }) => x.number)).toEqual([5]);
      expect(p3.nextCursor).toBeNull();
      const exact = (await t.http.get(`${s.base}/movements?limit=5`)).body;
      expect(exact.nextCursor).toBeNull();
      const f1 = (await t.http.get(`${s.base}/movements?kind=SUBSCRIPTION&limit=2`)).body;
      expect(f1.items.map((x: { number: number }) => x.number)).toEqual([1, 2]);
      expect(await numbers(`kind=SUBSCRIPTION&limit=2&cursor=${f1.nextCursor}`)).toEqual([5]);
    });

    it.each([
      ['cursor=abc', 'INVALID_CURSOR', 'cursor'],
      [`cursor=${Buffer.from(`["${UNKNOWN_ID}"]`).toString('base64url')}`, 'INVALID_CURSOR', 'cursor'],
      [`cursor=${Buffer.from(`[1.5,"${UNKNOWN_ID}"]`).toString('base64url')}`, 'INVALID_CURSOR', 'cursor'],
      ['kind=PURCHASE', 'VALIDATION_FAILED', 'kind'],
      ['from=2024-13-01', 'INVALID_DATE', 'from'],
      ['to=2024-02-30', 'INVALID_DATE', 'to'],
      ['memberId=abc', 'VALIDATION_FAILED', 'memberId'],
      ['limit=501', 'VALIDATION_FAILED', 'limit'],
      ['shareClassId=x', 'UNKNOWN_FIELD', 'shareClassId'],
    ])('refuses ?%s', async (query, code, field) => {
      expectError(await t.http.get(`${s.base}/movements?${query}`), 400, code, field);
    });
  });

  describe('nothing half-written', () => {
    it('after every refused write, the capital, the journal, the members and the holdings are unchanged; numbering has no gap', async () => {
      const s = await setup({ statutoryFloor: '1500.00' });
      const a = await s.admit();
      const b = await s.admit({ college: s.f.colleges[1] });
      const p = await s.admit({ category: s.f.categories.publicBody, personType: 'LEGAL', college: s.f.colleges[2] });
      const late = await s.admit({ date: '2024-12-01' });
      const c = await s.candidate();
      const legalOnly = await s.shareClass({ code: 'L', name: 'Morales', nominalValue: '10.00', minPerMember: 0, holderTypes: ['LEGAL'] });
      const bounded = await s.shareClass({ code: 'X', name: '2 à 3', nominalValue: '10.00', minPerMember: 2, maxPerMember: 3 });
      await s.ok('subscriptions', sub(s.f, a, 10, '250.00', '2024-02-01')); // 1: 1000.00, 250.00 paid (2 shares fully paid)
      const subB = await s.ok('subscriptions', sub(s.f, b, 2, '200.00', '2024-02-01')); // 2
      await s.ok('subscriptions', sub(s.f, p, 5, '500.00', '2024-02-01')); // 3: public bodies 500 / 1700
      const reversed = await s.ok('payments', { memberId: a, shareClassId: s.f.classA, amount: '50.00', date: '2024-03-01' }); // 4
      const reversal = (await s.reverse(reversed.id, { date: '2024-03-01', reason: 'x' })).body; // 5
      await s.ok('transfers', transfer(s.f, b, a, 1, '2024-03-02', { approvalDate: '2024-03-01' })); // 6: a holds 11 (3 fully paid), b 1
      await s.exit(b, '2024-06-30');

      const before = await ledgerSnapshot(t.http, s.f.cooperativeId, [a, b, p, late, c]);
      expect(before.capital).toMatchObject({ lastMovementNumber: 6, subscribed: '1700.00', paid: '950.00', floor: { amount: '1500.00' } });
      const admission = { decisionRef: 'CA', decisionDate: '2024-07-01', effectiveDate: '2024-07-01' };
      const cases: [string, () => Promise<{ status: number; body: { code?: string } }>][] = [
        ['FIRST_PAYMENT_TOO_LOW', () => s.post('subscriptions', sub(s.f, a, 4, '99.99', '2024-07-01'))],
        ['PAYMENT_EXCEEDS_SUBSCRIPTION', () => s.post('subscriptions', sub(s.f, a, 1, '100.01', '2024-07-01'))],
        ['DUE_DATE_TOO_LATE', () => s.post('subscriptions', sub(s.f, a, 1, '25.00', '2024-07-01', s.f.classA, { dueDate: '2029-07-02' }))],
        ['MEMBER_STATUS_INVALID', () => s.post('subscriptions', sub(s.f, c, 1, '100.00', '2024-07-01'))],
        ['DATE_BEFORE_ADMISSION', () => s.post('subscriptions', sub(s.f, late, 1, '100.00', '2024-07-01'))],
        ['DATE_OUT_OF_ORDER', () => s.post('subscriptions', sub(s.f, a, 1, '100.00', '2024-03-01'))],
        ['SHARE_CLASS_NOT_ELIGIBLE', () => s.post('subscriptions', sub(s.f, a, 1, '10.00', '2024-07-01', legalOnly))],
        ['BELOW_MINIMUM_HOLDING', () => s.post('subscriptions', sub(s.f, a, 1, '10.00', '2024-07-01', bounded))],
        ['ABOVE_MAXIMUM_HOLDING', () => s.post('subscriptions', sub(s.f, a, 4, '40.00', '2024-07-01', bounded))],
        ['PUBLIC_BODY_CAP_EXCEEDED', () => s.post('subscriptions', sub(s.f, p, 20, '2000.00', '2024-07-01'))],
        ['PAYMENT_EXCEEDS_UNPAID', () => s.post('payments', { memberId: a, shareClassId: s.f.classA, amount: '750.01', date: '2024-07-01' })],
        ['SHARES_NOT_PAID_UP', () => s.post('transfers', transfer(s.f, a, p, 4, '2024-07-01', { approvalDate: '2024-07-01' }))],
        ['INSUFFICIENT_SHARES', () => s.post('transfers', transfer(s.f, a, p, 12, '2024-07-01', { approvalDate: '2024-07-01' }))],
        ['TRANSFEREE_NOT_MEMBER', () => s.post('transfers', transfer(s.f, a, c, 1, '2024-07-01', { approvalDate: '2024-07-01' }))],
        ['SAME_MEMBER_TRANSFER', () => s.post('transfers', transfer(s.f, a, a, 1, '2024-07-01', { approvalDate: '2024-07-01' }))],
        ['APPROVAL_REQUIRED', () => s.post('redemptions', { memberId: a, shareClassId: s.f.classA, shares: 1, date: '2024-07-01' })],
        ['DATE_BEFORE_EXIT', () => s.post('redemptions', { memberId: b, shareClassId: s.f.classA, shares: 1, date: '2024-06-01' })],
        [
          'CAPITAL_FLOOR_BREACH',
          () =>
            s.post('redemptions', {
              memberId: a,
              shareClassId: s.f.classA,
              shares: 3,
              date: '2024-07-01',
              approvalReference: 'CA',
              approvalDate: '2024-07-01',
            }),
        ],
        ['REFUND_EXCEEDS_DUE', () => s.post('refunds', { memberId: b, shareClassId: s.f.classA, amount: '0.01', date: '2024-07-01' })],
        ['MOVEMENT_ALREADY_REVERSED', () => s.reverse(reversed.id)],
        ['MOVEMENT_NOT_REVERSIBLE', () => s.reverse(reversal.id)],
        ['REVERSAL_BREAKS_INVARIANT', () => s.reverse(subB.id)],
        ['MEMBER_NOT_FOUND', () => s.post('payments', { memberId: UNKNOWN_ID, shareClassId: s.f.classA, amount: '1.00', date: '2024-07-01' })],
        ['SHARE_CLASS_NOT_FOUND', () => s.post('payments', { memberId: a, shareClassId: UNKNOWN_ID, amount: '1.00', date: '2024-07-01' })],
        ['MOVEMENT_NOT_FOUND', () => s.reverse(UNKNOWN_ID)],
        ['INVALID_AMOUNT', () => s.post('payments', { memberId: a, shareClassId: s.f.classA, amount: '-1.00', date: '2024-07-01' })],
        ['MEMBER_STATUS_INVALID', () => t.http.post(`${s.base}/members/${a}/admission`).send(admission)],
        ['APPROVAL_REQUIRED', () => t.http.post(`${s.base}/members/${a}/exit`).send({ reason: 'EXCLUSION', effectiveDate: '2024-07-01' })],
        ['DATE_BEFORE_ADMISSION', () => t.http.post(`${s.base}/members/${a}/exit`).send({ reason: 'RESIGNATION', effectiveDate: '2024-01-01' })],
      ];
      for (const [code, req] of cases) {
        const res = await req();
        expect([code, res.body.code]).toEqual([code, code]);
        expect(await ledgerSnapshot(t.http, s.f.cooperativeId, [a, b, p, late, c])).toEqual(before);
      }
      // the next accepted movement takes the next number
      expect((await s.ok('payments', { memberId: a, shareClassId: s.f.classA, amount: '750.00', date: '2024-07-01' })).number).toBe(7);
    });
  });
});
