import { randomBytes } from 'node:crypto';

/** The prefix of every route, as clients call it. */
export const API = '/api/v1';

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A fresh, unique e-mail address (lower case, as stored). */
export const uniqueEmail = (prefix = 'user'): string =>
  `${prefix}-${randomBytes(6).toString('hex')}@example.com`;
