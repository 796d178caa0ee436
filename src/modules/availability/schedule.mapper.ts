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

const inZone = (instant: Date, zone: string): string =>
  DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true }) as string;

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
    days: days.map((day) => ({
      date: day.date,
      slots: day.slots.map((slot) => ({
        start: slot.start.toISOString(),
        end: slot.end.toISOString(),
        localStart: inZone(slot.start, displayTimezone),
        localEnd: inZone(slot.end, displayTimezone),
        available: slot.available,
      })),
    })),
  };
}
