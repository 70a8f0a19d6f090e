import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError } from '@coop/core';
import { AUTH_OPTIONS, type AuthOptions } from '../auth-options';

export interface AccessClaims {
  /** the user */
  sub: string;
  /** the session (refresh-token family): revoking it ends the access tokens it issued too */
  fam: string;
  /** the login passed a second factor */
  mfa: boolean;
}

const ISSUER = 'coop-ledger';
/** Only this algorithm is accepted: a token saying `alg: none` or RS256 is refused before its signature is looked at. */
const ALGORITHM = 'HS256';

/** Short-lived signed access tokens (JWT). */
@Injectable()
export class AccessTokens {
  private readonly jwt = new JwtService({});
  private readonly verified = new Map<string, { claims: AccessClaims; exp: number }>();
  private secret: Promise<string> | null = null;

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  get ttlSeconds(): number {
    return this.options.accessTokenTtlSeconds;
  }

  async sign(claims: AccessClaims): Promise<string> {
    return this.jwt.signAsync({ ...claims }, { secret: await this.key(), algorithm: ALGORITHM, issuer: ISSUER, expiresIn: this.options.accessTokenTtlSeconds });
  }

  /**
   * The same token string verifies the same way until it expires: a verified token is remembered (bounded) and only its
   * expiry checked again, since checking the signature was a third of a request's time.
   */
  async verify(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 > Date.now()) return known.claims;
      this.verified.delete(token);
    }
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims & { iss: string; exp: number }>(token, {
        secret: await this.key(),
        algorithms: [ALGORITHM],
        issuer: ISSUER,
      });
      if (typeof claims.sub !== 'string' || typeof claims.fam !== 'string') throw new Error('claims missing');
      const verified = { sub: claims.sub, fam: claims.fam, mfa: claims.mfa === true };
      if (this.verified.size >= 10_000) this.verified.clear();
      this.verified.set(token, { claims: verified, exp: claims.exp });
      return verified;
    } catch (e) {
      if (e instanceof DomainError) throw e;
      const expired = (e as Error).name === 'TokenExpiredError';
      throw new DomainError('TOKEN_INVALID', expired ? 'the access token has expired: refresh it' : 'the access token is not valid');
    }
  }

  /** AUTH_JWT_SECRET, or a key made at the first start and kept in the database, the same for every process. */
  private key(): Promise<string> {
    this.secret ??= this.options.jwtSecret
      ? Promise.resolve(this.options.jwtSecret)
      : this.db
          .query(`INSERT INTO auth_secret (name, value) VALUES ('jwt', $1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING value`, [
            randomBytes(48).toString('base64url'),
          ])
          .then((rows: { value: string }[]) => rows[0].value);
    return this.secret;
  }
}
