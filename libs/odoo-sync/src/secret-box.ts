import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { odooSecretKeyProblem } from '@coop/core';

/**
 * Encrypts Odoo secrets at rest with AES-256-GCM under a key from the environment (ODOO_SECRET_KEY): the database alone
 * never reveals an API key. Stored as "v1:" + base64url(iv | tag | ciphertext).
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(passphrase: string) {
    const problem = odooSecretKeyProblem(passphrase);
    if (problem) throw new Error(problem);
    this.key = createHash('sha256').update(passphrase).digest();
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  open(sealed: string): string {
    if (!sealed.startsWith('v1:')) throw new Error('unknown secret format');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
