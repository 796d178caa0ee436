import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One AES-256 key and the id stored with every value it sealed (so keys can rotate). */
export interface FieldKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const MAX_KEY_ID_BYTES = 64;

/**
 * A sealed value failed to open: wrong key, wrong record or field (its additional authenticated
 * data), a truncated or altered ciphertext, or a key id this process does not know. Its message
 * never contains the value or the key.
 */
export class FieldIntegrityError extends Error {
  constructor(readonly reason: 'malformed' | 'unknown_key' | 'authentication_failed') {
    super(`Encrypted field could not be opened (${reason})`);
    this.name = 'FieldIntegrityError';
  }
}

/**
 * Application-level encryption of single values with AES-256-GCM (node:crypto): a fresh 96-bit
 * IV per value, and the caller's additional authenticated data (e.g. record id and field name),
 * so a ciphertext moved to another record or field no longer opens.
 *
 * Sealed layout (bytes): version (1) | key id length (1) | key id (utf-8) | IV (12) | tag (16) |
 * ciphertext. Strings are stored as that layout in base64. New values use the active key; any
 * key in the ring opens values sealed with it, so an old key stays readable after a rotation.
 */
export class FieldCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly active: FieldKey;

  constructor(keys: readonly FieldKey[], activeKeyId: string) {
    const ring = new Map<string, Buffer>();
    for (const k of keys) {
      if (k.key.length !== KEY_BYTES) {
        throw new Error(`Encryption key ${k.id} must be ${KEY_BYTES} bytes`);
      }
      if (!k.id || Buffer.byteLength(k.id) > MAX_KEY_ID_BYTES) {
        throw new Error(`Encryption key ids must be 1-${MAX_KEY_ID_BYTES} bytes`);
      }
      if (ring.has(k.id)) {
        throw new Error(`Encryption key id ${k.id} is listed twice`);
      }
      ring.set(k.id, k.key);
    }
    const active = ring.get(activeKeyId);
    if (!active) {
      throw new Error(`The active encryption key ${activeKeyId} is not in the key ring`);
    }
    this.keys = ring;
    this.active = { id: activeKeyId, key: active };
  }

  get activeKeyId(): string {
    return this.active.id;
  }

  sealBytes(plain: Buffer, aad: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.active.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const kid = Buffer.from(this.active.id, 'utf8');
    return Buffer.concat([Buffer.from([VERSION, kid.length]), kid, iv, cipher.getAuthTag(), body]);
  }

  openBytes(sealed: Buffer, aad: string): Buffer {
    if (!Buffer.isBuffer(sealed) || sealed.length < 2 || sealed[0] !== VERSION) {
      throw new FieldIntegrityError('malformed');
    }
    const kidLength = sealed[1];
    const ivAt = 2 + kidLength;
    const tagAt = ivAt + IV_BYTES;
    const bodyAt = tagAt + TAG_BYTES;
    if (kidLength === 0 || sealed.length < bodyAt) {
      throw new FieldIntegrityError('malformed');
    }
    const key = this.keys.get(sealed.subarray(2, ivAt).toString('utf8'));
    if (!key) {
      throw new FieldIntegrityError('unknown_key');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(ivAt, tagAt), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(sealed.subarray(tagAt, bodyAt));
      return Buffer.concat([decipher.update(sealed.subarray(bodyAt)), decipher.final()]);
    } catch {
      throw new FieldIntegrityError('authentication_failed');
    }
  }

  seal(plain: string, aad: string): string {
    return this.sealBytes(Buffer.from(plain, 'utf8'), aad).toString('base64');
  }

  open(sealed: string, aad: string): string {
    if (typeof sealed !== 'string') {
      throw new FieldIntegrityError('malformed');
    }
    return this.openBytes(Buffer.from(sealed, 'base64'), aad).toString('utf8');
  }

  /** Any JSON value (a vitals object, a list of allergies), sealed as its JSON text. */
  sealJson(value: unknown, aad: string): string {
    return this.seal(JSON.stringify(value), aad);
  }

  openJson<T>(sealed: string, aad: string): T {
    const text = this.open(sealed, aad);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new FieldIntegrityError('malformed');
    }
  }

  /** The id of the key a stored value was sealed with (for rotation reports), or null. */
  keyIdOf(sealed: string | Buffer): string | null {
    const buf = typeof sealed === 'string' ? Buffer.from(sealed, 'base64') : sealed;
    if (buf.length < 2 || buf[0] !== VERSION || buf.length < 2 + buf[1]) {
      return null;
    }
    return buf.subarray(2, 2 + buf[1]).toString('utf8');
  }
}
