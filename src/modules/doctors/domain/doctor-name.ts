/** At most this many words of a search are matched; more adds cost but no precision. */
export const MAX_SEARCH_WORDS = 4;

/**
 * Lower-cased, accent-free form of a name, so that "Dr. Émile O'Brien" sorts and matches like
 * "dr emile o brien" whatever the caller types.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The distinct words of a name; each is indexed so a search can prefix-match any word. */
export function nameWords(name: string): string[] {
  const words = normaliseName(name).split(' ').filter(Boolean);
  return [...new Set(words)];
}

/** The words of a search string, normalised like names, longest first (most selective). */
export function searchWords(search: string): string[] {
  return nameWords(search)
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_SEARCH_WORDS);
}

/** The fields a stored doctor name is kept in, for display, sort and search. */
export function nameFields(name: string): { name: string; nameLower: string; nameWords: string[] } {
  const trimmed = name.trim();
  return { name: trimmed, nameLower: normaliseName(trimmed), nameWords: nameWords(trimmed) };
}
