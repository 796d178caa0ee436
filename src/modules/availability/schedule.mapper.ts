import { DateTime } from 'luxon';
import {
  DEFAULT_SCHEDULE_SETTINGS,
  WEEKDAYS,
  type ScheduleRules,
  type TimeInterval,
} from './domain/schedule-rules';
import type { DaySlots } from './domain/slot-engine';
import type { ScheduleOverrideResponseDto, ScheduleResponseDto } from './dto/schedule-response.dto';
import type { SlotsResponseDto } from './dto/slots-response.dto';
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
  return instants.map((ms) => new Date(ms + shift).toISOString().slice(0, 19) + suffix);
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
          start: slot.start.toISOString(),
          end: slot.end.toISOString(),
          localStart: local[2 * i],
          localEnd: local[2 * i + 1],
          available: slot.available,
        })),
      };
    }),
  };
}
