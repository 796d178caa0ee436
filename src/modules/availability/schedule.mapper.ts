import { DateTime } from 'luxon';
import {
  DEFAULT_SCHEDULE_SETTINGS,
  WEEKDAYS,
  type ScheduleRules,
  type TimeInterval,
} from './domain/schedule-rules';
import type { DaySlots } from './domain/slot-engine';
import type { ScheduleOverrideResponseDto, ScheduleResponseDto } from './dto/schedule-response.dto';
import type { CompactSlotsResponseDto, SlotsResponseDto } from './dto/slots-response.dto';
import type { ScheduleOverrideRecord } from './schedule-overrides.repository';
import type { ScheduleRecord } from './schedules.repository';

const plainIntervals = (intervals: readonly TimeInterval[] | undefined): TimeInterval[] =>
  (intervals ?? []).map((i) => ({ start: i.start, end: i.end }));

/** The engine's view of a stored schedule (or the defaults when there is none). */
export function toScheduleRules(record: ScheduleRecord | null, timezone: string): ScheduleRules {
  const source = record ?? DEFAULT_SCHEDULE_SETTINGS;
  return {
    timezone,
    slotMinutes: source.slotMinutes,
    bufferMinutes: source.bufferMinutes,
    minNoticeMinutes: source.minNoticeMinutes,
    maxAdvanceDays: source.maxAdvanceDays,
    weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, plainIntervals(source.weekly[d])])),
  };
}

export function toScheduleResponse(
  doctorId: string,
  timezone: string,
  record: ScheduleRecord | null,
): ScheduleResponseDto {
  const rules = toScheduleRules(record, timezone);
  return {
    doctorId,
    timezone,
    slotMinutes: rules.slotMinutes,
    bufferMinutes: rules.bufferMinutes,
    minNoticeMinutes: rules.minNoticeMinutes,
    maxAdvanceDays: rules.maxAdvanceDays,
    weekly: {
      mon: plainIntervals(rules.weekly.mon),
      tue: plainIntervals(rules.weekly.tue),
      wed: plainIntervals(rules.weekly.wed),
      thu: plainIntervals(rules.weekly.thu),
      fri: plainIntervals(rules.weekly.fri),
      sat: plainIntervals(rules.weekly.sat),
      sun: plainIntervals(rules.weekly.sun),
    },
    configured: record !== null,
    updatedAt: record ? new Date(record.updatedAt).toISOString() : null,
  };
}

export function toScheduleOverrideResponse(
  record: ScheduleOverrideRecord,
): ScheduleOverrideResponseDto {
  return {
    date: record.date,
    intervals: plainIntervals(record.intervals),
    reason: record.reason ?? null,
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: past it toISOString switches to six-digit years. */
const YEAR_10000_MS = 253_402_300_800_000;
const HH_MM: readonly string[] = Array.from(
  { length: 24 * 60 },
  (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
);
let lastDay = NaN;
let lastDayPrefix = '';

/**
 * `new Date(ms).toISOString().slice(0, 19)` ('YYYY-MM-DDTHH:mm:ss'), without a Date per call for
 * whole-minute instants (every slot boundary): the date part is kept from the previous call and
 * the time comes from a table. A month of slots formats ~3,000 of these per request.
 */
export function isoSeconds(ms: number): string {
  if (ms % 60_000 !== 0 || ms < 0 || ms >= YEAR_10000_MS) {
    return new Date(ms).toISOString().slice(0, 19);
  }
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDay = day;
    lastDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  return `${lastDayPrefix}${HH_MM[(ms - day * DAY_MS) / 60_000]}:00`;
}

/** Exactly `new Date(ms).toISOString()`, through isoSeconds. */
export function utcIsoString(ms: number): string {
  return ms % 60_000 === 0 && ms >= 0 && ms < YEAR_10000_MS
    ? `${isoSeconds(ms)}.000Z`
    : new Date(ms).toISOString();
}

const isoIn = (ms: number, zone: string): string =>
  DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) as string;

/** Luxon's offset suffix ('Z', '+05:30') per zone and offset; pure, so kept for good (small). */
const offsetSuffixes = new Map<string, string>();
const SUFFIX_CACHE_SIZE = 10_000;

function offsetSuffix(ms: number, zone: string, offset: number): string {
  const key = `${zone} ${offset}`;
  let suffix = offsetSuffixes.get(key);
  if (suffix === undefined) {
    suffix = isoIn(ms, zone).slice(19);
    if (offsetSuffixes.size >= SUFFIX_CACHE_SIZE) {
      offsetSuffixes.clear();
    }
    offsetSuffixes.set(key, suffix);
  }
  return suffix;
}

/**
 * Formats non-decreasing instants in a zone exactly as Luxon's toISO does. Asking Luxon per
 * instant dominated the slots endpoint's CPU time; a zone's offset changes at most once a day,
 * so when the first and last instant of a day share an offset, every instant between them has
 * it too.
 */
export function localIsoStrings(instants: readonly number[], zone: string): string[] {
  if (instants.length === 0) {
    return [];
  }
  const first = DateTime.fromMillis(instants[0], { zone }).offset;
  const last = DateTime.fromMillis(instants[instants.length - 1], { zone }).offset;
  if (first !== last) {
    return instants.map((ms) => isoIn(ms, zone));
  }
  const suffix = offsetSuffix(instants[0], zone, first);
  const shift = first * 60_000;
  return instants.map((ms) => isoSeconds(ms + shift) + suffix);
}

export function toSlotsResponse(
  doctorId: string,
  rules: ScheduleRules,
  displayTimezone: string,
  days: DaySlots[],
): SlotsResponseDto {
  return {
    doctorId,
    timezone: rules.timezone,
    displayTimezone,
    slotMinutes: rules.slotMinutes,
    days: days.map((day) => {
      // start0 < end0 <= start1 < end1 ...: one pass formats a day's starts and ends together.
      const instants: number[] = [];
      for (const slot of day.slots) {
        instants.push(slot.start.getTime(), slot.end.getTime());
      }
      const local = localIsoStrings(instants, displayTimezone);
      return {
        date: day.date,
        slots: day.slots.map((slot, i) => ({
          start: utcIsoString(slot.start.getTime()),
          end: utcIsoString(slot.end.getTime()),
          localStart: local[2 * i],
          localEnd: local[2 * i + 1],
          available: slot.available,
        })),
      };
    }),
  };
}

/** 'YYYY-MM-DDTHH:mm:ss+05:30' -> 'YYYY-MM-DDTHH:mm+05:30' when the seconds are zero. */
const toMinutePrecision = (iso: string): string =>
  iso.slice(16, 19) === ':00' ? iso.slice(0, 16) + iso.slice(19) : iso;

export function toCompactSlotsResponse(
  doctorId: string,
  rules: ScheduleRules,
  displayTimezone: string,
  days: DaySlots[],
): CompactSlotsResponseDto {
  return {
    doctorId,
    timezone: rules.timezone,
    displayTimezone,
    slotMinutes: rules.slotMinutes,
    days: days.map((day) => ({
      date: day.date,
      starts: localIsoStrings(
        day.slots.map((slot) => slot.start.getTime()),
        displayTimezone,
      ).map(toMinutePrecision),
      available: day.slots.map((slot) => slot.available),
    })),
  };
}
