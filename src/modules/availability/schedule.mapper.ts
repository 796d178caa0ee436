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

/**
 * Formats ascending instants in a zone exactly as Luxon's toISO does. Asking Luxon per instant
 * dominated the slots endpoint's CPU time; a zone's offset changes at most once a day, so when
 * the first and last instant of a day share an offset, every instant between them has it too.
 */
export function localIsoStrings(instants: readonly number[], zone: string): string[] {
  if (instants.length === 0) {
    return [];
  }
  const first = DateTime.fromMillis(instants[0], { zone });
  const last = DateTime.fromMillis(instants[instants.length - 1], { zone });
  if (first.offset !== last.offset) {
    return instants.map((ms) => isoIn(ms, zone));
  }
  const suffix = isoIn(instants[0], zone).slice(19); // 'Z' or '+05:30'
  const shift = first.offset * 60_000;
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
      // Slot starts are strictly increasing, and so are their ends.
      const localStarts = localIsoStrings(
        day.slots.map((slot) => slot.start.getTime()),
        displayTimezone,
      );
      const localEnds = localIsoStrings(
        day.slots.map((slot) => slot.end.getTime()),
        displayTimezone,
      );
      return {
        date: day.date,
        slots: day.slots.map((slot, i) => ({
          start: slot.start.toISOString(),
          end: slot.end.toISOString(),
          localStart: localStarts[i],
          localEnd: localEnds[i],
          available: slot.available,
        })),
      };
    }),
  };
}
