const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const EARLIEST_BIRTH_YEAR = 1900;

// UTC+14 (Line Islands) is the furthest ahead any calendar runs: a date that is "today"
// somewhere on Earth is never later than the UTC date 14 hours from now.
const MAX_ZONE_AHEAD_MS = 14 * 60 * 60 * 1000;

/** Parses `YYYY-MM-DD` as a real calendar date at UTC midnight; null if no such day exists. */
export function parseCalendarDate(value: string): Date | null {
  const m = ISO_DATE.exec(value);
  if (!m) {
    return null;
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2023-02-30 over to March 2nd; a real date survives the round trip.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return null;
  }
  return date;
}

/** Why `value` is not an acceptable date of birth at `now`, or null when it is. */
export function dateOfBirthProblem(value: unknown, now: Date = new Date()): string | null {
  if (typeof value !== 'string') {
    return 'dateOfBirth must be a YYYY-MM-DD string';
  }
  const date = parseCalendarDate(value);
  if (!date) {
    return 'dateOfBirth must be a real calendar date in YYYY-MM-DD format';
  }
  if (date.getUTCFullYear() < EARLIEST_BIRTH_YEAR) {
    return `dateOfBirth must not be before ${EARLIEST_BIRTH_YEAR}-01-01`;
  }
  const latestToday = new Date(now.getTime() + MAX_ZONE_AHEAD_MS).toISOString().slice(0, 10);
  if (value > latestToday) {
    return 'dateOfBirth must not be in the future';
  }
  return null;
}
