/**
 * Admin search over users is a prefix match of each typed word against these keys, so it is
 * served by a multikey index instead of scanning every account with an unanchored regex.
 */
const MAX_TOKENS = 4;

const fold = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** Keys of an account: its name's words (as typed and without punctuation) and its e-mail parts. */
export function userSearchKeys(name: string, email: string): string[] {
  const folded = fold(name);
  const words = folded.split(/\s+/u);
  const alnum = folded.split(/[^\p{L}\p{N}]+/u);
  const mail = email.toLowerCase();
  const at = mail.lastIndexOf('@');
  const emailKeys = at > 0 ? [mail, mail.slice(0, at), mail.slice(at + 1)] : [mail];
  return [...new Set([...words, ...alnum, ...emailKeys])].filter(Boolean);
}

/** The typed search as literal, lower-cased prefixes (whitespace-separated); [] matches nothing. */
export function searchTokens(search: string): string[] {
  return [...new Set(fold(search).split(/\s+/u).filter(Boolean))].slice(0, MAX_TOKENS);
}
