import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: the secret part of refresh and password-reset tokens. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/**
 * Tokens are stored only as SHA-256 hashes: they carry 256 bits of entropy, so a fast hash is
 * enough (no salt or bcrypt needed) and a leaked database yields no usable token.
 */
export const hashToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');
