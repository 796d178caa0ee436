import { createHash } from 'node:crypto';
import type { FieldKey } from '../common/crypto/field-cipher';

/** Key ids: short, printable, stored in front of every sealed value. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;

/**
 * The fixed key used outside production when RECORDS_ENCRYPTION_KEY is unset. It is public (it
 * is in the source), so anything sealed with it is NOT protected; start-up logs a warning.
 */
export const DEVELOPMENT_KEY_ID = 'dev-insecure';
const DEVELOPMENT_KEY = createHash('sha256')
  .update('docbook-development-records-key-NOT-FOR-PRODUCTION')
  .digest();

export interface RecordsEncryption {
  keys: FieldKey[];
  activeKeyId: string;
  /** true when the public development key is in use. */
  development: boolean;
}

/** 32 bytes as 64 hex digits or as base64 (padded or not); anything else is an error message. */
export function parseKeyMaterial(text: string): Buffer | string {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) {
    return Buffer.from(value, 'hex');
  }
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) {
      return key;
    }
  }
  return 'must be 32 bytes, as 64 hex digits or base64';
}

/**
 * The key ring from RECORDS_ENCRYPTION_KEY (the active key, id RECORDS_ENCRYPTION_KEY_ID) and
 * RECORDS_ENCRYPTION_KEYS (`id:key,id:key`, earlier keys kept to read what they sealed), or the
 * problems found. Without an active key: the development key (the caller refuses it in
 * production).
 */
export function recordsEncryptionFrom(input: {
  key?: string;
  keyId: string;
  previous: string[];
}): RecordsEncryption | { problems: string[] } {
  const problems: string[] = [];
  const keys: FieldKey[] = [];
  if (!KEY_ID_PATTERN.test(input.keyId)) {
    problems.push('RECORDS_ENCRYPTION_KEY_ID: must be 1-32 letters, digits, ".", "_" or "-"');
  }
  if (input.key !== undefined) {
    const key = parseKeyMaterial(input.key);
    if (typeof key === 'string') {
      problems.push(`RECORDS_ENCRYPTION_KEY: ${key} (got <redacted>)`);
    } else {
      keys.push({ id: input.keyId, key });
    }
  }
  for (const [i, entry] of input.previous.entries()) {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at) : '';
    const key = at > 0 ? parseKeyMaterial(entry.slice(at + 1)) : 'must be id:key';
    if (!KEY_ID_PATTERN.test(id) || typeof key === 'string') {
      problems.push(
        `RECORDS_ENCRYPTION_KEYS: entry ${i + 1} must be id:key with a 32-byte key (got <redacted>)`,
      );
    } else if (id === input.keyId || keys.some((k) => k.id === id)) {
      problems.push(`RECORDS_ENCRYPTION_KEYS: key id ${id} is listed twice`);
    } else {
      keys.push({ id, key });
    }
  }
  if (problems.length) {
    return { problems };
  }
  if (input.key === undefined) {
    keys.push({ id: DEVELOPMENT_KEY_ID, key: DEVELOPMENT_KEY });
    return { keys, activeKeyId: DEVELOPMENT_KEY_ID, development: true };
  }
  return { keys, activeKeyId: input.keyId, development: false };
}
