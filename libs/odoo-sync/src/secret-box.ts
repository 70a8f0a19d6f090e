import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { odooSecretKeyProblem } from '@coop/core';

/** scrypt's cost: ~150 ms and 32 MiB per derivation, so a leaked database makes each guess of the passphrase expensive. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Derived keys kept per instance (one per salt seen): bounds memory whatever the number of stored secrets. */
const MAX_CACHED_KEYS = 256;

/**
 * Encrypts Odoo secrets at rest with AES-256-GCM under a key derived from the environment's passphrase
 * (ODOO_SECRET_KEY): the database alone never reveals an API key.
 *
 * - "v2:" + base64url(salt | iv | tag | ciphertext), key = scrypt(passphrase, salt). The salt is random per instance
 *   (so per process) and stored in each value: one derivation seals any number of secrets, and opening derives once
 *   per salt seen.
 * - "v1:" + base64url(iv | tag | ciphertext), key = sha256(passphrase): written before v2, still read so that stored
 *   secrets stay usable; `seal` never writes it.
 */
export class SecretBox {
  private readonly passphrase: string;
  private readonly salt = randomBytes(SALT_BYTES);
  private readonly keys = new Map<string, Buffer>();
  private v1Key?: Buffer;

  constructor(passphrase: string) {
    const problem = odooSecretKeyProblem(passphrase);
    if (problem) throw new Error(problem);
    this.passphrase = passphrase;
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.scryptKey(this.salt), iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v2:${Buffer.concat([this.salt, iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  open(sealed: string): string {
    if (sealed.startsWith('v2:')) {
      const raw = Buffer.from(sealed.slice(3), 'base64url');
      if (raw.length < SALT_BYTES + IV_BYTES + TAG_BYTES) throw new Error('truncated secret');
      return decrypt(this.scryptKey(raw.subarray(0, SALT_BYTES)), raw.subarray(SALT_BYTES));
    }
    if (sealed.startsWith('v1:')) {
      this.v1Key ??= createHash('sha256').update(this.passphrase).digest();
      return decrypt(this.v1Key, Buffer.from(sealed.slice(3), 'base64url'));
    }
    throw new Error('unknown secret format');
  }

  private scryptKey(salt: Buffer): Buffer {
    const id = salt.toString('hex');
    let key = this.keys.get(id);
    if (!key) {
      key = scryptSync(this.passphrase, salt, 32, SCRYPT);
      if (this.keys.size >= MAX_CACHED_KEYS) this.keys.delete(this.keys.keys().next().value as string);
      this.keys.set(id, key);
    }
    return key;
  }
}

/** iv | tag | ciphertext, as both formats lay them out. */
function decrypt(key: Buffer, raw: Buffer): string {
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('truncated secret');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
