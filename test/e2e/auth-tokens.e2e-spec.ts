import jwt from 'jsonwebtoken';
import { expectError } from '../support/expect-error';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

/** The key the application signs its access tokens with (AUTH_JWT_SECRET), so that the tests can forge tokens with or without it. */
const SECRET = 'auth-tokens-e2e-secret-of-more-than-32-characters';
const ISSUER = 'coop-ledger';

interface Pair {
  accessToken: string;
  refreshToken: string;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access and refresh tokens, through HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ auth: { jwtSecret: SECRET } });
  });
  afterAll(() => t?.close());

  const me = (token: string) => t.as(token).get('/api/me');
  const refresh = (refreshToken: string) => t.anonymous.post('/api/auth/refresh').send({ refreshToken });

  /** The claims of a real access token of the user (a live session), to build forged variants of it. */
  function claimsOf(user: TestUser): { sub: string; fam: string; mfa: boolean } {
    const decoded = jwt.decode(user.token) as { sub: string; fam: string; mfa: boolean };
    expect(decoded.sub).toBe(user.id);
    return { sub: decoded.sub, fam: decoded.fam, mfa: decoded.mfa };
  }

  describe('signed access tokens', () => {
    let user: TestUser;

    beforeAll(async () => {
      user = await t.user();
    });

    it('a token signed with the application secret, HS256 and its issuer is accepted (the forging below is sound)', async () => {
      const token = jwt.sign(claimsOf(user), SECRET, { algorithm: 'HS256', issuer: ISSUER, expiresIn: 60 });
      const res = await me(token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ kind: 'user', id: user.id, email: user.email });
    });

    it('an expired token is refused: 401 TOKEN_INVALID, saying it expired', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = jwt.sign({ ...claimsOf(user), iat: now - 7200, exp: now - 3600 }, SECRET, { algorithm: 'HS256', issuer: ISSUER });
      const res = await me(token);
      expectError(res, 401, 'TOKEN_INVALID');
      expect(res.body.message).toMatch(/expired/);
    });

    it('a token whose signature was tampered with is refused', async () => {
      const [header, payload, signature] = user.token.split('.');
      const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
      expectError(await me(`${header}.${payload}.${flipped}`), 401, 'TOKEN_INVALID');
      // and a payload changed under the original signature (another user id) too
      const forgedPayload = b64url({ ...(jwt.decode(user.token) as object), sub: t.operator.id });
      expectError(await me(`${header}.${forgedPayload}.${signature}`), 401, 'TOKEN_INVALID');
      // the untouched token still works: only the tampering was refused
      expect((await me(user.token)).status).toBe(200);
    });

    it('alg "none" is refused, without or with a signature', async () => {
      const now = Math.floor(Date.now() / 1000);
      const payload = b64url({ ...claimsOf(user), iss: ISSUER, iat: now, exp: now + 600 });
      const header = b64url({ alg: 'none', typ: 'JWT' });
      expectError(await me(`${header}.${payload}.`), 401, 'TOKEN_INVALID');
      expectError(await me(`${header}.${payload}.${user.token.split('.')[2]}`), 401, 'TOKEN_INVALID');
      expectError(await me(`${b64url({ alg: 'None', typ: 'JWT' })}.${payload}.`), 401, 'TOKEN_INVALID');
    });

    it('a token signed with another secret is refused', async () => {
      const token = jwt.sign(claimsOf(user), 'another-secret-of-more-than-32-characters!!', { algorithm: 'HS256', issuer: ISSUER, expiresIn: 600 });
      expectError(await me(token), 401, 'TOKEN_INVALID');
    });

    it('a token of another HMAC algorithm, even with the right secret, is refused (HS256 only)', async () => {
      for (const algorithm of ['HS384', 'HS512'] as const) {
        const token = jwt.sign(claimsOf(user), SECRET, { algorithm, issuer: ISSUER, expiresIn: 600 });
        expectError(await me(token), 401, 'TOKEN_INVALID');
      }
    });

    it('a token of another issuer, or of none, is refused', async () => {
      const other = jwt.sign(claimsOf(user), SECRET, { algorithm: 'HS256', issuer: 'someone-else', expiresIn: 600 });
      expectError(await me(other), 401, 'TOKEN_INVALID');
      const none = jwt.sign(claimsOf(user), SECRET, { algorithm: 'HS256', expiresIn: 600 });
      expectError(await me(none), 401, 'TOKEN_INVALID');
    });

    it('a well signed token without a session (fam) or naming a session that does not exist is refused', async () => {
      const { sub } = claimsOf(user);
      const noFamily = jwt.sign({ sub, mfa: false }, SECRET, { algorithm: 'HS256', issuer: ISSUER, expiresIn: 600 });
      expectError(await me(noFamily), 401, 'TOKEN_INVALID');
      const unknownFamily = jwt.sign({ sub, fam: '00000000-0000-4000-8000-000000000000', mfa: false }, SECRET, {
        algorithm: 'HS256',
        issuer: ISSUER,
        expiresIn: 600,
      });
      expectError(await me(unknownFamily), 401, 'TOKEN_INVALID');
      // a live session of one user does not lend itself to another user id
      const otherUser = jwt.sign({ ...claimsOf(user), sub: t.operator.id }, SECRET, { algorithm: 'HS256', issuer: ISSUER, expiresIn: 600 });
      expectError(await me(otherUser), 401, 'TOKEN_INVALID');
    });
  });

  describe('the Authorization header', () => {
    it('none: 401 AUTHENTICATION_REQUIRED', async () => {
      expectError(await t.anonymous.get('/api/me'), 401, 'AUTHENTICATION_REQUIRED');
      expectError(await t.anonymous.get('/api/cooperatives'), 401, 'AUTHENTICATION_REQUIRED');
    });

    it.each([
      ['another scheme', (token: string) => `Basic ${token}`],
      ['the scheme alone', () => 'Bearer'],
      ['the scheme and a space', () => 'Bearer '],
      ['no scheme', (token: string) => token],
      ['two tokens', (token: string) => `Bearer ${token} ${token}`],
      ['a token too short to be one', () => 'Bearer abc'],
    ])('malformed (%s): 401 AUTHENTICATION_REQUIRED', async (_, header) => {
      const res = await t.anonymous.get('/api/me').set('authorization', header(t.operator.token));
      expectError(res, 401, 'AUTHENTICATION_REQUIRED');
    });

    it('a bearer that is no token at all: 401 TOKEN_INVALID', async () => {
      expectError(await me('this-is-not-a-jwt-nor-an-api-token'), 401, 'TOKEN_INVALID');
      expectError(await me('clt_not-a-real-api-token-at-all'), 401, 'TOKEN_INVALID');
    });
  });

  describe('sessions', () => {
    it('logout ends that session (its access and refresh tokens), not the other sessions of the account', async () => {
      const user = await t.user();
      const other = await t.login(user.email, user.password);
      const session = await t.login(user.email, user.password);
      expect((await me(session.accessToken)).status).toBe(200);

      expect((await t.as(session.accessToken).post('/api/auth/logout')).status).toBe(204);

      expectError(await me(session.accessToken), 401, 'TOKEN_INVALID');
      expectError(await refresh(session.refreshToken), 401, 'TOKEN_INVALID');
      expectError(await t.as(session.accessToken).post('/api/auth/logout'), 401, 'TOKEN_INVALID');
      expect((await me(other.accessToken)).status).toBe(200);
      expect((await me(user.token)).status).toBe(200);
      expect((await refresh(other.refreshToken)).status).toBe(200);
    });

    it('refresh rotates: a new pair, the spent refresh token refused afterwards', async () => {
      const user = await t.user();
      const first: Pair = await t.login(user.email, user.password);
      const res = await refresh(first.refreshToken);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
      const second: Pair = res.body;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      // the same session: the new access token names the same family, for the same user
      const a = jwt.decode(first.accessToken) as { sub: string; fam: string };
      const b = jwt.decode(second.accessToken) as { sub: string; fam: string };
      expect(b).toMatchObject({ sub: user.id, fam: a.fam });
      const meRes = await me(second.accessToken);
      expect(meRes.status).toBe(200);
      expect(meRes.body.id).toBe(user.id);

      expectError(await refresh(first.refreshToken), 401, 'TOKEN_INVALID');
    });

    it('reusing a spent refresh token revokes its whole family: the newest refresh and access tokens are refused, other sessions live', async () => {
      const user = await t.user();
      const elsewhere: Pair = await t.login(user.email, user.password);
      const r0: Pair = await t.login(user.email, user.password);
      const r1: Pair = (await refresh(r0.refreshToken)).body;
      const r2Res = await refresh(r1.refreshToken);
      expect(r2Res.status).toBe(200);
      const r2: Pair = r2Res.body;
      expect((await me(r2.accessToken)).status).toBe(200);

      // r1 was spent: replaying it (a thief, or the victim after the thief) ends the family
      const reuse = await refresh(r1.refreshToken);
      expectError(reuse, 401, 'TOKEN_INVALID');
      expect(reuse.body.message).toMatch(/already used/);

      expectError(await refresh(r2.refreshToken), 401, 'TOKEN_INVALID');
      expectError(await me(r2.accessToken), 401, 'TOKEN_INVALID');
      expectError(await me(r1.accessToken), 401, 'TOKEN_INVALID');
      expectError(await me(r0.accessToken), 401, 'TOKEN_INVALID');
      // another session of the same account is not that family
      expect((await me(elsewhere.accessToken)).status).toBe(200);
      expect((await refresh(elsewhere.refreshToken)).status).toBe(200);
    });

    it('a refresh token that was never issued is refused', async () => {
      expectError(await refresh('clr_this-refresh-token-was-never-issued'), 401, 'TOKEN_INVALID');
    });

    it('a password change ends the other sessions (access and refresh tokens) and keeps the one that made it', async () => {
      const user = await t.user();
      const current: Pair = await t.login(user.email, user.password);
      const other: Pair = await t.login(user.email, user.password);
      const newPassword = 'a brand new passphrase for this account';

      // a wrong current password changes nothing and ends nothing
      expectError(
        await t.as(current.accessToken).post('/api/me/password').send({ currentPassword: 'not the password', newPassword }),
        401,
        'INVALID_CREDENTIALS',
        'currentPassword',
      );
      expect((await me(other.accessToken)).status).toBe(200);
      // too weak: refused, nothing ended
      expectError(
        await t.as(current.accessToken).post('/api/me/password').send({ currentPassword: user.password, newPassword: 'short' }),
        422,
        'PASSWORD_TOO_WEAK',
        'newPassword',
      );
      expect((await me(other.accessToken)).status).toBe(200);

      const res = await t.as(current.accessToken).post('/api/me/password').send({ currentPassword: user.password, newPassword });
      expect(res.status).toBe(204);

      expectError(await me(other.accessToken), 401, 'TOKEN_INVALID');
      expectError(await refresh(other.refreshToken), 401, 'TOKEN_INVALID');
      expectError(await me(user.token), 401, 'TOKEN_INVALID');
      expect((await me(current.accessToken)).status).toBe(200);
      const rotated = await refresh(current.refreshToken);
      expect(rotated.status).toBe(200);
      expect((await me(rotated.body.accessToken)).status).toBe(200);

      expectError(await t.anonymous.post('/api/auth/login').send({ email: user.email, password: user.password }), 401, 'INVALID_CREDENTIALS');
      expect((await t.anonymous.post('/api/auth/login').send({ email: user.email, password: newPassword })).status).toBe(200);
    });
  });
});
