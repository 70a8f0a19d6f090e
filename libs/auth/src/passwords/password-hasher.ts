import { hash, verify } from '@node-rs/argon2';

/** Argon2id in @node-rs/argon2's (const) enum; a literal, since isolated modules cannot read const enums. */
const ARGON2ID = 2;
import { Inject, Injectable } from '@nestjs/common';
import { AUTH_OPTIONS, type AuthOptions } from '../auth-options';

/** argon2id (OWASP's first choice), with the cost of the options; the parameters travel inside each hash. */
@Injectable()
export class PasswordHasher {
  /** A hash of nothing, verified when the email is unknown, so that a login takes as long whether the account exists or not. */
  private dummy: Promise<string> | null = null;

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {}

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: ARGON2ID, memoryCost: this.options.argon2MemoryKib, timeCost: this.options.argon2Iterations, parallelism: 1 });
  }

  async verify(hashed: string | null, password: string): Promise<boolean> {
    if (!hashed) {
      this.dummy ??= this.hash('no account has this password');
      await verify(await this.dummy, password).catch(() => false);
      return false;
    }
    return verify(hashed, password).catch(() => false);
  }
}
