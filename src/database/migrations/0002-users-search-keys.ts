import type { Migration } from './migration';
import { eachDocument } from './each-document';

/** Mirrors src/modules/users/domain/search-keys.ts as of this migration (frozen on purpose). */
function userSearchKeys(name: string, email: string): string[] {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const words = folded.split(/\s+/u);
  const alnum = folded.split(/[^\p{L}\p{N}]+/u);
  const mail = email.toLowerCase();
  const at = mail.lastIndexOf('@');
  const emailKeys = at > 0 ? [mail, mail.slice(0, at), mail.slice(at + 1)] : [mail];
  return [...new Set([...words, ...alnum, ...emailKeys])].filter(Boolean);
}

interface UserFields {
  _id: unknown;
  name?: string;
  email?: string;
  searchKeys?: string[];
}

/**
 * Admin user search is a prefix match on `searchKeys`; accounts created before the field existed
 * have none and cannot be found. This fills it in for every account that lacks it.
 */
export const migration: Migration = {
  id: '0002-users-search-keys',
  description: 'Fill in searchKeys for accounts that lack them',
  async up(db, logger) {
    const users = db.collection<UserFields>('users');
    const changed = await eachDocument(users, (u) =>
      Array.isArray(u.searchKeys) && u.searchKeys.length > 0
        ? null
        : { searchKeys: userSearchKeys(u.name ?? '', u.email ?? '') },
    );
    logger.log(`0002: updated ${changed} account(s)`);
  },
};
