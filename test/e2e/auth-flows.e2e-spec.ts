import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loginEmailKey } from '@coop/auth';
import { currentTotp } from '../../libs/auth/src/totp/totp';
import { expectError } from '../support/expect-error';
import { createScic, type ScicFixture } from '../support/fixtures';
import type { ReceivedMail } from '../support/smtp-sink';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

const unique = () => randomBytes(6).toString('hex');
const newEmail = (what: string) => `${what}-${unique()}@flows.example.coop`;

/** The token of the link a mail carries, on a line of its own in the text part: `https://…/<path>?token=…`. */
function linkToken(mail: ReceivedMail, path: 'reset-password' | 'accept-invitation'): string {
  const match = new RegExp(`^https://ledger\\.example\\.coop/${path}\\?token=(\\S+)$`, 'm').exec(mail.text ?? '');
  if (!match) throw new Error(`no ${path} link in the mail "${mail.subject}": ${mail.text}`);
  return decodeURIComponent(match[1]);
}

describe('account flows through HTTP and a real SMTP server', () => {
  let t: TestApp;
  let db: Client;
  let f: ScicFixture;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: process.env.COOP_TEST_DATABASE_URL });
    await db.connect();
    f = await createScic(t.http);
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const login = (body: { email: string; password: string; totpCode?: string; recoveryCode?: string }) => t.anonymous.post('/api/auth/login').send(body);
  const mailTo = (email: string) => t.mail.waitForMail((m) => m.to.includes(email.toLowerCase()) || m.to.includes(email));
  const base = (cooperativeId: string) => `/api/cooperatives/${cooperativeId}`;

  /** A member admitted in `f` with an email of this run (the fixture's emails repeat from one spec file to the next). */
  async function admitMemberWithEmail(email: string): Promise<string> {
    const created = await t.http.post(`${base(f.cooperativeId)}/members`).send({
      personType: 'NATURAL',
      firstName: 'Camille',
      lastName: `Invitée ${unique()}`,
      email,
      categoryId: f.categories.beneficiary,
      collegeId: f.colleges[0],
      appliedOn: '2024-01-01',
    });
    expect(created.status).toBe(201);
    const admitted = await t.http
      .post(`${base(f.cooperativeId)}/members/${created.body.id}/admission`)
      .send({ decisionRef: `CA-${unique()}`, decisionDate: '2024-01-10', effectiveDate: '2024-01-10' });
    expect(admitted.status).toBe(201);
    return created.body.id;
  }

  describe('password reset', () => {
    it('answers the same for a known and an unknown email; only the known one gets a mail', async () => {
      const user = await t.user();
      const unknownEmail = newEmail('nobody');
      const forUnknown = await t.anonymous.post('/api/auth/password-reset').send({ email: unknownEmail });
      const forKnown = await t.anonymous.post('/api/auth/password-reset').send({ email: user.email });
      expect(forKnown.status).toBe(202);
      expect({ status: forUnknown.status, body: forUnknown.body }).toEqual({ status: forKnown.status, body: forKnown.body });
      expect(forKnown.body).toEqual({ accepted: true });

      const mail = await mailTo(user.email);
      expect(mail.to).toEqual([user.email]);
      expect(linkToken(mail, 'reset-password')).toMatch(/^clp_/);
      expect(t.mail.mails.filter((m) => m.to.includes(unknownEmail))).toEqual([]);
    });

    it('the link sets a new password once, ends every session; the old password no longer signs in', async () => {
      const user = await t.user();
      const session = await t.login(user.email, user.password);
      expect((await t.anonymous.post('/api/auth/password-reset').send({ email: user.email.toUpperCase() })).status).toBe(202);
      const token = linkToken(await mailTo(user.email), 'reset-password');
      const confirm = (newPassword: string) => t.anonymous.post('/api/auth/password-reset/confirm').send({ token, newPassword });

      // too weak, or the email itself: refused, and the link is not spent by the refusal
      expectError(await confirm('short'), 422, 'PASSWORD_TOO_WEAK', 'newPassword');
      expectError(await confirm(user.email), 422, 'PASSWORD_TOO_WEAK', 'newPassword');
      expect((await t.as(session.accessToken).get('/api/me')).status).toBe(200);

      const newPassword = `reset passphrase ${unique()}`;
      expect((await confirm(newPassword)).status).toBe(204);

      expectError(await login({ email: user.email, password: user.password }), 401, 'INVALID_CREDENTIALS');
      expect((await login({ email: user.email, password: newPassword })).status).toBe(200);
      // every session ended: access and refresh tokens
      expectError(await t.as(session.accessToken).get('/api/me'), 401, 'TOKEN_INVALID');
      expectError(await t.as(user.token).get('/api/me'), 401, 'TOKEN_INVALID');
      expectError(await t.anonymous.post('/api/auth/refresh').send({ refreshToken: session.refreshToken }), 401, 'TOKEN_INVALID');

      // once only
      expectError(await confirm(`another passphrase ${unique()}`), 410, 'LINK_INVALID', 'token');
      expect((await login({ email: user.email, password: newPassword })).status).toBe(200);
    });

    it('a link never issued is refused (410)', async () => {
      const res = await t.anonymous.post('/api/auth/password-reset/confirm').send({ token: 'clp_never-issued-token', newPassword: 'a fine long passphrase' });
      expectError(res, 410, 'LINK_INVALID', 'token');
    });

    it('a link used twice at the same time sets the password once', async () => {
      const user = await t.user();
      await t.anonymous.post('/api/auth/password-reset').send({ email: user.email });
      const token = linkToken(await mailTo(user.email), 'reset-password');
      const passwords = [`first passphrase ${unique()}`, `second passphrase ${unique()}`];
      const answers = await Promise.all(passwords.map((newPassword) => t.anonymous.post('/api/auth/password-reset/confirm').send({ token, newPassword })));
      expect(answers.map((a) => a.status).sort()).toEqual([204, 410]);
      const winner = passwords[answers.findIndex((a) => a.status === 204)];
      const loser = passwords[answers.findIndex((a) => a.status === 410)];
      expect((await login({ email: user.email, password: winner })).status).toBe(200);
      expectError(await login({ email: user.email, password: loser }), 401, 'INVALID_CREDENTIALS');
    });

    it('a reset lifts the sign-in back-off of the account', async () => {
      const user = await t.user();
      for (let i = 0; i < 5; i++) expectError(await login({ email: user.email, password: 'wrong password' }), 401, 'INVALID_CREDENTIALS');
      // the back-off row the failures made, locked for long enough that the test does not race its end
      const locked = await db.query(`UPDATE login_throttle SET locked_until = now() + interval '10 minutes' WHERE email_key = $1`, [loginEmailKey(user.email)]);
      expect(locked.rowCount).toBe(1);
      expectError(await login({ email: user.email, password: user.password }), 429, 'TOO_MANY_ATTEMPTS');

      await t.anonymous.post('/api/auth/password-reset').send({ email: user.email });
      const token = linkToken(await mailTo(user.email), 'reset-password');
      const newPassword = `after the lock ${unique()}`;
      expect((await t.anonymous.post('/api/auth/password-reset/confirm').send({ token, newPassword })).status).toBe(204);
      expect((await login({ email: user.email, password: newPassword })).status).toBe(200);
    });
  });

  describe('invitations', () => {
    const invite = (body: Record<string, unknown>, cooperativeId = f.cooperativeId) => t.http.post(`${base(cooperativeId)}/invitations`).send(body);
    const accept = (body: { token: string; password: string; displayName?: string }) => t.anonymous.post('/api/invitations/accept').send(body);

    it('an accountant invited by email: a mail with a link, an account made on acceptance, the role in /api/me; twice is 410', async () => {
      const email = newEmail('accountant');
      const res = await invite({ role: 'accountant', email });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email, role: 'accountant', memberId: null, invitedBy: t.operator.email, status: 'PENDING' });

      const mail = await mailTo(email);
      expect(mail.to).toEqual([email]);
      expect(mail.text).toContain('« comptable »');
      const token = linkToken(mail, 'accept-invitation');
      expect(token).toMatch(/^cli_/);

      // a weak password is refused and leaves the invitation pending
      expectError(await accept({ token, password: 'short' }), 422, 'PASSWORD_TOO_WEAK', 'password');
      const password = `accountant passphrase ${unique()}`;
      const accepted = await accept({ token, password, displayName: '  Hélène Comptable ' });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toEqual({ userId: expect.any(String), cooperativeId: f.cooperativeId, role: 'accountant' });

      const session = await t.login(email, password);
      const me = await t.as(session.accessToken).get('/api/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: accepted.body.userId, email, displayName: 'Hélène Comptable', operator: false });
      expect(me.body.cooperatives).toEqual([{ cooperativeId: f.cooperativeId, name: 'Coop test', role: 'accountant', memberId: null }]);
      expect((await t.as(session.accessToken).get(`${base(f.cooperativeId)}/capital`)).status).toBe(200);

      expectError(await accept({ token, password }), 410, 'LINK_INVALID', 'token');
      const list = await t.http.get(`${base(f.cooperativeId)}/invitations`);
      expect(list.body.find((i: { id: string }) => i.id === res.body.id)).toMatchObject({ status: 'ACCEPTED' });
    });

    it('a member invitation goes to the member`s email on record and binds the account to that member', async () => {
      const email = newEmail('member');
      const memberId = await admitMemberWithEmail(email);
      const res = await invite({ role: 'member', memberId });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email, role: 'member', memberId });

      const token = linkToken(await mailTo(email), 'accept-invitation');
      const password = `member passphrase ${unique()}`;
      expect((await accept({ token, password })).status).toBe(200);

      const session = await t.login(email, password);
      const me = await t.as(session.accessToken).get('/api/me');
      expect(me.body.cooperatives).toEqual([{ cooperativeId: f.cooperativeId, name: 'Coop test', role: 'member', memberId }]);
      const profile = await t.as(session.accessToken).get(`/api/me/cooperatives/${f.cooperativeId}/profile`);
      expect(profile.status).toBe(200);
      expect(profile.body).toMatchObject({ id: memberId, email });
      // a member does not read the register
      expectError(await t.as(session.accessToken).get(`${base(f.cooperativeId)}/capital`), 403, 'FORBIDDEN');
    });

    it('a member invitation names a member record of this cooperative', async () => {
      expectError(await invite({ role: 'member' }), 400, 'VALIDATION_FAILED', 'memberId');
      expectError(await invite({ role: 'member', memberId: '00000000-0000-4000-8000-000000000000' }), 404, 'MEMBER_NOT_FOUND', 'memberId');
      expectError(await invite({ role: 'accountant' }), 400, 'VALIDATION_FAILED', 'email');
    });

    it('an existing account accepts with its own password; a wrong one is 401 and grants nothing', async () => {
      const person = await t.user();
      const res = await invite({ role: 'accountant', email: person.email });
      expect(res.status).toBe(201);
      const token = linkToken(await mailTo(person.email), 'accept-invitation');

      expectError(await accept({ token, password: 'not the password of this account' }), 401, 'INVALID_CREDENTIALS', 'password');
      expect((await person.http.get('/api/me')).body.cooperatives).toEqual([]);
      expectError(await person.http.get(`${base(f.cooperativeId)}/capital`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
      const pending = await t.http.get(`${base(f.cooperativeId)}/invitations`);
      expect(pending.body.find((i: { id: string }) => i.id === res.body.id)).toMatchObject({ status: 'PENDING' });

      const accepted = await accept({ token, password: person.password });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toEqual({ userId: person.id, cooperativeId: f.cooperativeId, role: 'accountant' });
      expect((await person.http.get('/api/me')).body.cooperatives).toEqual([expect.objectContaining({ cooperativeId: f.cooperativeId, role: 'accountant' })]);
      // the password of the account is unchanged
      expect((await login({ email: person.email, password: person.password })).status).toBe(200);
    });

    it('a revoked invitation cannot be accepted (410)', async () => {
      const email = newEmail('revoked');
      const res = await invite({ role: 'accountant', email });
      const token = linkToken(await mailTo(email), 'accept-invitation');
      const revoked = await t.http.delete(`${base(f.cooperativeId)}/invitations/${res.body.id}`);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ id: res.body.id, email, status: 'REVOKED' });
      expectError(await accept({ token, password: `some passphrase ${unique()}` }), 410, 'LINK_INVALID', 'token');
      expectError(await login({ email, password: `some passphrase ${unique()}` }), 401, 'INVALID_CREDENTIALS');
      // revoking again changes nothing; an invitation that does not exist is a 404
      const again = await t.http.delete(`${base(f.cooperativeId)}/invitations/${res.body.id}`);
      expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: revoked.body });
      expectError(
        await t.http.delete(`${base(f.cooperativeId)}/invitations/00000000-0000-4000-8000-000000000000`),
        404,
        'INVITATION_NOT_FOUND',
        'invitationId',
      );
    });

    it('an invitation accepted twice at the same time makes one account', async () => {
      const email = newEmail('twice');
      await invite({ role: 'accountant', email });
      const token = linkToken(await mailTo(email), 'accept-invitation');
      const password = `concurrent passphrase ${unique()}`;
      const answers = await Promise.all([accept({ token, password }), accept({ token, password })]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
      expect(answers.find((a) => a.status === 410)?.body.code).toBe('LINK_INVALID');
      const { rows } = await db.query('SELECT count(*)::int AS n FROM app_user WHERE lower(email) = lower($1)', [email]);
      expect(rows[0].n).toBe(1);
    });

    it('an accepted invitation can no longer be revoked (404)', async () => {
      const email = newEmail('accepted');
      const res = await invite({ role: 'accountant', email });
      expect((await accept({ token: linkToken(await mailTo(email), 'accept-invitation'), password: `a passphrase ${unique()}` })).status).toBe(200);
      expectError(await t.http.delete(`${base(f.cooperativeId)}/invitations/${res.body.id}`), 404, 'INVITATION_NOT_FOUND', 'invitationId');
    });

    it('only an admin invites', async () => {
      const accountant = await t.user({ role: 'accountant', cooperativeId: f.cooperativeId });
      expectError(await accountant.http.post(`${base(f.cooperativeId)}/invitations`).send({ role: 'accountant', email: newEmail('x') }), 403, 'FORBIDDEN');
    });

    it('a cooperative created with the email of an unknown person as first admin mails them an admin invitation', async () => {
      const email = newEmail('first-admin');
      const created = await t.http.post('/api/cooperatives').send({ name: `Coop ${unique()}`, legalKind: 'SCOP', firstAdminEmail: email });
      expect(created.status).toBe(201);
      const mail = await mailTo(email);
      expect(mail.text).toContain('« administrateur »');
      expect(mail.text).toContain(created.body.name);
      // the operator creating it is not its admin
      expectError(await t.http.get(base(created.body.id)), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');

      const password = `first admin passphrase ${unique()}`;
      const accepted = await accept({ token: linkToken(mail, 'accept-invitation'), password });
      expect(accepted.body).toMatchObject({ cooperativeId: created.body.id, role: 'admin' });
      const session = await t.login(email, password);
      expect((await t.as(session.accessToken).get('/api/me')).body.cooperatives).toEqual([
        expect.objectContaining({ cooperativeId: created.body.id, role: 'admin' }),
      ]);
      expect((await t.as(session.accessToken).get(base(created.body.id))).status).toBe(200);
    });

    it('a cooperative created with the email of an existing account as first admin grants it the role at once', async () => {
      const person = await t.user();
      const created = await t.http.post('/api/cooperatives').send({ name: `Coop ${unique()}`, legalKind: 'SCOP', firstAdminEmail: person.email.toUpperCase() });
      expect(created.status).toBe(201);
      const me = await person.http.get('/api/me');
      expect(me.body.cooperatives).toEqual([expect.objectContaining({ cooperativeId: created.body.id, role: 'admin', memberId: null })]);
      expect((await person.http.get(`${base(created.body.id)}/invitations`)).status).toBe(200);
      expectError(await t.http.get(base(created.body.id)), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    });
  });

  describe('sign-in limits', () => {
    it('the address limit: the 6th sign-in from one address within a minute is 429 TOO_MANY_ATTEMPTS', async () => {
      const limited = await startTestApp({ loginRateLimitPerMinute: 5 });
      try {
        // startTestApp signed its operator in from this address: 1 of the 5
        const { email, password } = limited.operator;
        for (let i = 2; i <= 5; i++) expect((await limited.anonymous.post('/api/auth/login').send({ email, password })).status).toBe(200);
        expectError(await limited.anonymous.post('/api/auth/login').send({ email, password }), 429, 'TOO_MANY_ATTEMPTS');
        expectError(await limited.anonymous.post('/api/auth/login').send({ email: newEmail('other'), password: 'whatever it is' }), 429, 'TOO_MANY_ATTEMPTS');
      } finally {
        await limited.close();
      }
    });

    it('the per-email back-off: after 5 failures even the right password is 429, and an unknown email is treated the same', async () => {
      const known = await t.user();
      const unknown = newEmail('unknown');
      for (let attempt = 1; attempt <= 5; attempt++) {
        const wrong = await login({ email: known.email, password: `wrong password ${attempt}` });
        const none = await login({ email: unknown, password: `any password ${attempt}` });
        expectError(wrong, 401, 'INVALID_CREDENTIALS');
        expect(none.body).toEqual(wrong.body);
        expect(none.status).toBe(wrong.status);
      }
      // the first wait is short (it doubles with each failure): the next attempt follows at once
      const right = await login({ email: known.email, password: known.password });
      const none = await login({ email: unknown, password: 'any password' });
      expectError(right, 429, 'TOO_MANY_ATTEMPTS');
      expectError(none, 429, 'TOO_MANY_ATTEMPTS');
      expect(right.body.details).toEqual({ retryAfterSeconds: expect.any(Number) });
      expect(none.body.details).toEqual({ retryAfterSeconds: expect.any(Number) });
      // the email as typed in another case is the same email
      expectError(await login({ email: ` ${known.email.toUpperCase()} `, password: known.password }), 429, 'TOO_MANY_ATTEMPTS');
      // another account is not slowed down
      const other = await t.user();
      expect((await login({ email: other.email, password: other.password })).status).toBe(200);
    });

    it('fewer than 5 failures do not lock, and a success starts the count again', async () => {
      const user = await t.user();
      for (let i = 0; i < 4; i++) expectError(await login({ email: user.email, password: 'wrong password' }), 401, 'INVALID_CREDENTIALS');
      expect((await login({ email: user.email, password: user.password })).status).toBe(200);
      for (let i = 0; i < 4; i++) expectError(await login({ email: user.email, password: 'wrong password' }), 401, 'INVALID_CREDENTIALS');
      expect((await login({ email: user.email, password: user.password })).status).toBe(200);
    });
  });

  describe('second factor', () => {
    /** Turns the second factor on for the user (through their session); returns the secret and recovery codes. */
    async function enroll(user: TestUser): Promise<{ secret: string; recoveryCodes: string[] }> {
      const begun = await user.http.post('/api/me/second-factor');
      expect(begun.status).toBe(201);
      const { secret, otpauthUri } = begun.body;
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      const uri = new URL(otpauthUri);
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.searchParams.get('secret')).toBe(secret);
      expect(uri.searchParams.get('issuer')).toBe('coop-ledger');
      expect(decodeURIComponent(uri.pathname)).toContain(user.email);
      const confirmed = await user.http.post('/api/me/second-factor/confirmation').send({ code: currentTotp(secret, new Date()) });
      expect(confirmed.status).toBe(200);
      return { secret, recoveryCodes: confirmed.body.recoveryCodes };
    }

    /**
     * A code the next login takes: the one of the next 30-s step. The confirmation used the current step's, and a
     * step once used is refused after; the next step is within the accepted drift and fresh.
     */
    const nextCode = (secret: string) => currentTotp(secret, new Date(Date.now() + 30_000));

    it('setup, then sign-in: code required, a code works once (replay refused), a recovery code works once; removal takes the password', async () => {
      const user = await t.user();
      // not active before confirmation: a wrong code is refused, sign-in still without code
      const begun = await user.http.post('/api/me/second-factor');
      const wrongCode = String((Number(currentTotp(begun.body.secret, new Date())) + 500_000) % 1_000_000).padStart(6, '0');
      expectError(await user.http.post('/api/me/second-factor/confirmation').send({ code: wrongCode }), 401, 'SECOND_FACTOR_INVALID', 'code');
      expect((await login({ email: user.email, password: user.password })).status).toBe(200);

      const { secret, recoveryCodes } = await enroll(user);
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      for (const code of recoveryCodes) expect(code).toMatch(/^[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}$/);
      expect((await user.http.get('/api/me')).body).toMatchObject({ secondFactor: true, signedInWithSecondFactor: false });
      expectError(await user.http.post('/api/me/second-factor'), 409, 'SECOND_FACTOR_ALREADY_ENABLED');

      expectError(await login({ email: user.email, password: user.password }), 401, 'SECOND_FACTOR_REQUIRED', 'totpCode');
      // a wrong password says nothing of the second factor
      expectError(await login({ email: user.email, password: 'wrong password', totpCode: nextCode(secret) }), 401, 'INVALID_CREDENTIALS');

      const code = nextCode(secret);
      const signedIn = await login({ email: user.email, password: user.password, totpCode: code });
      expect(signedIn.status).toBe(200);
      expect((await t.as(signedIn.body.accessToken).get('/api/me')).body).toMatchObject({ id: user.id, signedInWithSecondFactor: true });
      expectError(await login({ email: user.email, password: user.password, totpCode: code }), 401, 'SECOND_FACTOR_INVALID', 'totpCode');

      // recovery codes: a made-up one is refused; a real one works once, typed in any case and without dashes
      expectError(await login({ email: user.email, password: user.password, recoveryCode: 'abcd-efgh-jkmn' }), 401, 'SECOND_FACTOR_INVALID', 'recoveryCode');
      const byRecovery = await login({ email: user.email, password: user.password, recoveryCode: recoveryCodes[0] });
      expect(byRecovery.status).toBe(200);
      expect((await t.as(byRecovery.body.accessToken).get('/api/me')).body.signedInWithSecondFactor).toBe(true);
      expectError(await login({ email: user.email, password: user.password, recoveryCode: recoveryCodes[0] }), 401, 'SECOND_FACTOR_INVALID', 'recoveryCode');
      const typed = recoveryCodes[1].replace(/-/g, '').toUpperCase();
      expect((await login({ email: user.email, password: user.password, recoveryCode: typed })).status).toBe(200);

      // removal: the password, not the session alone
      expectError(await user.http.post('/api/me/second-factor/removal').send({ password: 'wrong password' }), 401, 'INVALID_CREDENTIALS', 'password');
      expectError(await login({ email: user.email, password: user.password }), 401, 'SECOND_FACTOR_REQUIRED', 'totpCode');
      expect((await user.http.post('/api/me/second-factor/removal').send({ password: user.password })).status).toBe(204);
      expect((await login({ email: user.email, password: user.password })).status).toBe(200);
      expect((await user.http.get('/api/me')).body.secondFactor).toBe(false);
      const { rows } = await db.query('SELECT count(*)::int AS n FROM recovery_code WHERE user_id = $1', [user.id]);
      expect(rows[0].n).toBe(0);
    });

    it('a recovery code of another account is refused', async () => {
      const a = await t.user();
      const b = await t.user();
      const { recoveryCodes } = await enroll(a);
      await enroll(b);
      expectError(await login({ email: b.email, password: b.password, recoveryCode: recoveryCodes[0] }), 401, 'SECOND_FACTOR_INVALID', 'recoveryCode');
      expect((await login({ email: a.email, password: a.password, recoveryCode: recoveryCodes[0] })).status).toBe(200);
    });

    it('a cooperative requiring a second factor of its admins: set by an admin signed in with one; other admins refused, accountants not', async () => {
      const created = await t.http.post('/api/cooperatives').send({ name: `Coop ${unique()}`, legalKind: 'SCOP' });
      const id: string = created.body.id;
      const admin = await t.user({ role: 'admin', cooperativeId: id });
      const otherAdmin = await t.user({ role: 'admin', cooperativeId: id });
      const accountant = await t.user({ role: 'accountant', cooperativeId: id });
      const requireIt = (http: TestApp['http'], required: boolean) => http.put(`${base(id)}/security`).send({ requireAdminSecondFactor: required });

      // without a second factor, or with one but signed in without it: refused
      expectError(await requireIt(admin.http, true), 403, 'SECOND_FACTOR_SETUP_REQUIRED', 'requireAdminSecondFactor');
      const { secret } = await enroll(admin);
      expectError(await requireIt(admin.http, true), 403, 'SECOND_FACTOR_SETUP_REQUIRED', 'requireAdminSecondFactor');
      expect((await otherAdmin.http.get(base(id))).status).toBe(200);
      expectError(await requireIt(accountant.http, true), 403, 'FORBIDDEN');

      const strong = await login({ email: admin.email, password: admin.password, totpCode: nextCode(secret) });
      expect(strong.status).toBe(200);
      const set = await requireIt(t.as(strong.body.accessToken), true);
      expect(set.status).toBe(200);
      expect(set.body).toEqual({ requireAdminSecondFactor: true });

      expectError(await otherAdmin.http.get(base(id)), 403, 'SECOND_FACTOR_SETUP_REQUIRED');
      expectError(await otherAdmin.http.get(`${base(id)}/roles`), 403, 'SECOND_FACTOR_SETUP_REQUIRED');
      expectError(await admin.http.get(base(id)), 403, 'SECOND_FACTOR_SETUP_REQUIRED'); // the same admin, a session without it
      expect((await t.as(strong.body.accessToken).get(`${base(id)}/roles`)).status).toBe(200);
      expect((await accountant.http.get(base(id))).status).toBe(200);
      expect((await accountant.http.get(`${base(id)}/capital`)).status).toBe(200);

      expect((await requireIt(t.as(strong.body.accessToken), false)).status).toBe(200);
      expect((await otherAdmin.http.get(base(id))).status).toBe(200);
    });
  });
});
