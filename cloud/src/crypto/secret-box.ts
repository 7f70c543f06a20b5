import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { CloudError, CloudErrorCode } from '../errors';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals short secrets (Slack bot tokens) with AES-256-GCM under a key derived
 * from MASTER_KEY for one purpose. The AAD binds a sealed value to its owner
 * (e.g. the tenant id), so a row copied onto another tenant does not open.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(masterKey: Buffer, purpose: string) {
    if (masterKey.length !== 32) throw new CloudError(CloudErrorCode.crypto, 'master key must be 32 bytes');
    this.#key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `gprelay:${purpose}`, 32));
  }

  seal(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      FORMAT,
      iv.toString('base64url'),
      body.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  open(sealed: string, aad: string): string {
    const [format, iv, body, tag] = sealed.split('.');
    if (format !== FORMAT || !iv || body === undefined || !tag) {
      throw new CloudError(CloudErrorCode.crypto, 'sealed value has an unknown format');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch (cause) {
      throw new CloudError(
        CloudErrorCode.crypto,
        'sealed value does not open: wrong MASTER_KEY, or the value was altered',
        { cause },
      );
    }
  }

  /** Keeps the key out of logs and inspection. */
  toJSON(): string {
    return '[SecretBox]';
  }
}
