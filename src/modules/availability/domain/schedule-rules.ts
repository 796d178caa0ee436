import { DateTime } from 'luxon';

/**
 * The shape and limits of a doctor's working schedule, independent of storage and HTTP.
 * Times of day are local wall-clock times ("HH:mm") in the doctor's IANA time zone.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `[start, end)` in local wall-clock time of one day. `end` may be "24:00" (end of the day). */
export interface TimeInterval {
  start: string;
  end: string;
}

/** Working hours per weekday; a missing or empty weekday is closed. */
export type WeeklyHours = Partial<Record<Weekday, readonly TimeInterval[]>>;

export interface ScheduleRules {
  /** IANA zone the weekly hours and override dates are expressed in. */
  timezone: string;
  slotMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  /** Slots are offered up to and including the local date `today + maxAdvanceDays`. */
  maxAdvanceDays: number;
  weekly: WeeklyHours;
}

/** A local date whose hours replace the weekly hours; no intervals = closed (day off). */
export interface DateOverride {
  date: string;
  intervals: readonly TimeInterval[];
}

export type ScheduleSettings = Omit<ScheduleRules, 'timezone'>;

/**
 * What a doctor who never saved a schedule gets: the platform's booking defaults and no weekly
 * hours, so nobody can book a doctor before they have said when they work.
 */
export const DEFAULT_SCHEDULE_SETTINGS: Readonly<ScheduleSettings> = Object.freeze({
  slotMinutes: 30,
  bufferMinutes: 0,
  minNoticeMinutes: 60,
  maxAdvanceDays: 30,
  weekly: Object.freeze({}),
});

export const SCHEDULE_LIMITS = {
  slotMinutes: { min: 5, max: 240 },
  bufferMinutes: { min: 0, max: 240 },
  minNoticeMinutes: { min: 0, max: 10_080 },
  maxAdvanceDays: { min: 1, max: 365 },
  /** 24 one-hour intervals is already more than any real day needs. */
  maxIntervalsPerDay: 24,
  maxReasonLength: 200,
  /** Longest `from..to` range (inclusive) the slots endpoint answers. */
  maxRangeDays: 31,
} as const;

/** "00:00".."23:59": a time of day that can start an interval. */
export const START_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Same, plus "24:00" meaning the end of the day, allowed only as an interval's end. */
export const END_TIME_PATTERN = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const MINUTES_PER_DAY = 24 * 60;
const DAY_MS = 86_400_000;

/** Minutes since local midnight of an "HH:mm" (or "24:00") string; null when malformed. */
export function parseTimeOfDay(value: string, allowEndOfDay = false): number | null {
  const pattern = allowEndOfDay ? END_TIME_PATTERN : START_TIME_PATTERN;
  if (!pattern.test(value)) {
    return null;
  }
  const [h, m] = value.split(':').map(Number);
  const minutes = h * 60 + m;
  return minutes <= MINUTES_PER_DAY ? minutes : null;
}

/** A real calendar date written as YYYY-MM-DD (so "2026-02-30" and "2026-2-3" are not). */
export function isLocalDate(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    LOCAL_DATE_PATTERN.test(value) &&
    DateTime.fromISO(value, { zone: 'utc' }).isValid
  );
}

/**
 * Why a day's intervals are unacceptable, or null when they are fine: each must have a valid
 * start and end with start < end, and no two may overlap (touching, 09:00-12:00 + 12:00-13:00,
 * is fine).
 */
export function findIntervalProblem(intervals: readonly TimeInterval[]): string | null {
  const parsed: Array<{ start: number; end: number; label: string }> = [];
  for (const interval of intervals) {
    const label = `${interval.start}-${interval.end}`;
    const start = parseTimeOfDay(interval.start);
    const end = parseTimeOfDay(interval.end, true);
    if (start === null) {
      return `${label}: start must be HH:mm between 00:00 and 23:59`;
    }
    if (end === null) {
      return `${label}: end must be HH:mm between 00:01 and 24:00`;
    }
    if (start >= end) {
      return `${label}: start must be before end`;
    }
    parsed.push({ start, end, label });
  }
  parsed.sort((a, b) => a.start - b.start);
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i].start < parsed[i - 1].end) {
      return `${parsed[i - 1].label} overlaps ${parsed[i].label}`;
    }
  }
  return null;
}

/** The intervals in chronological order (how they are stored and returned). */
export function sortIntervals<T extends TimeInterval>(intervals: readonly T[]): T[] {
  return [...intervals].sort(
    (a, b) => (parseTimeOfDay(a.start) ?? 0) - (parseTimeOfDay(b.start) ?? 0),
  );
}

/** Lower-case three-letter weekday of a local date. */
export function weekdayOf(date: string): Weekday {
  const ms = utcDayMs(date);
  if (!Number.isNaN(ms)) {
    return WEEKDAYS[(new Date(ms).getUTCDay() + 6) % 7];
  }
  return WEEKDAYS[DateTime.fromISO(date, { zone: 'utc' }).weekday - 1];
}

/** Inclusive number of calendar days from `from` to `to` (1 when equal, <= 0 when reversed). */
export function daysInRange(from: string, to: string): number {
  const fromMs = utcDayMs(from);
  const toMs = utcDayMs(to);
  if (!Number.isNaN(fromMs) && !Number.isNaN(toMs)) {
    return Math.round((toMs - fromMs) / DAY_MS) + 1;
  }
  const a = DateTime.fromISO(from, { zone: 'utc' });
  const b = DateTime.fromISO(to, { zone: 'utc' });
  return Math.round(b.diff(a, 'days').days) + 1;
}

/** `date` shifted by whole calendar days. */
export function addDays(date: string, days: number): string {
  const ms = utcDayMs(date);
  if (!Number.isNaN(ms) && Number.isInteger(days)) {
    const shifted = new Date(ms + days * DAY_MS).toISOString();
    if (shifted.length === 24) {
      return shifted.slice(0, 10);
    }
  }
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() as string;
}

/**
 * Midnight UTC of a real calendar date written YYYY-MM-DD (years 0000-9999), else NaN. Calendar
 * dates carry no zone, so plain UTC arithmetic on them is exact; it replaces Luxon in the
 * helpers above, which the slots endpoint calls for every listed date (the Luxon path remains
 * for anything else, so results never change). `Date.parse` alone is not enough: it reads
 * 2026-02-30 as 2026-03-02.
 */
function utcDayMs(date: string): number {
  if (!LOCAL_DATE_PATTERN.test(date)) {
    return NaN;
  }
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(date) ? ms : NaN;
}
