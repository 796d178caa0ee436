import { DateTime } from 'luxon';
import {
  addDays,
  daysInRange,
  parseTimeOfDay,
  weekdayOf,
  type DateOverride,
  type ScheduleRules,
  type TimeInterval,
} from './schedule-rules';

/**
 * Slot generation: schedule + date overrides + taken intervals + now + a range of local dates
 * -> bookable slots. Pure (no clock, no I/O); the slots endpoint and the booking check both go
 * through `candidateSlotsOn` and `slotClassifier`, so they cannot disagree about what a slot is.
 *
 * Time rules (all zone maths is Luxon's; nothing here adds offsets by hand):
 * - An interval's local "HH:mm" boundary on a date becomes the FIRST instant at which the
 *   doctor's wall clock shows that time or later. So a boundary inside a spring-forward gap
 *   (02:30 when clocks jump 02:00 -> 03:00) is the jump itself (03:00 new time), and a boundary
 *   inside a fall-back repeated hour (01:30 when 02:00 -> 01:00) is its first occurrence.
 *   This mapping never goes backwards, so non-overlapping local intervals give non-overlapping
 *   instants and no slot is ever produced twice.
 * - Slots step through REAL elapsed time from the interval's start instant by
 *   slotMinutes + bufferMinutes, and a slot must end by the interval's end instant. Hence
 *   00:00-04:00 on a spring-forward night holds 3 hours of slots (none starts in the missing
 *   hour), and on a fall-back night 5 hours: the repeated hour is offered twice, as two
 *   distinct instants, because the doctor really works it twice. A 09:00 start is 09:00 local
 *   on every day, including change days.
 * - Past slots (start < now) and slots whose local date is after today + maxAdvanceDays are
 *   omitted. Slots starting before now + minNoticeMinutes, or overlapping a taken interval, are
 *   listed with available=false so clients can render the day's grid.
 */

export interface TimeRange {
  start: Date;
  end: Date;
}

export interface SlotCandidate extends TimeRange {
  /** The local date (doctor's zone) whose working hours produced this slot. */
  date: string;
}

export interface ListedSlot extends TimeRange {
  available: boolean;
}

export interface DaySlots {
  date: string;
  slots: ListedSlot[];
}

export interface SlotQuery {
  schedule: ScheduleRules;
  /** Overrides for (at least) the dates in range; others are ignored. */
  overrides: readonly DateOverride[];
  /** Busy time (active appointments); any overlap makes a slot unavailable. */
  taken: readonly TimeRange[];
  now: Date;
  /** Inclusive local dates (YYYY-MM-DD) in the schedule's zone. */
  from: string;
  to: string;
}

/** Why an instant is not bookable. `taken` only when taken intervals were supplied. */
export type SlotRejection = 'not_a_slot' | 'past' | 'beyond_horizon' | 'min_notice' | 'taken';

export type SlotCheck =
  { ok: true; slot: SlotCandidate } | { ok: false; reason: SlotRejection; slot?: SlotCandidate };

type SlotStatus = 'past' | 'beyond_horizon' | 'min_notice' | 'open';

const MS_PER_MINUTE = 60_000;
// Guards the gap walk below; real gaps are at most a day (Samoa skipped 2011-12-30).
const MAX_GAP_MINUTES = 26 * 60;

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export function localDateOf(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() as string;
}

/**
 * The first instant at which the wall clock in `zone` shows `date` + `minutes` (0..1440) or
 * later (see the module comment for why this is the right reading of DST edges).
 */
export function wallTimeToInstant(date: string, minutes: number, zone: string): Date {
  const key = `${zone} ${date} ${minutes}`;
  let ms = wallTimes.get(key);
  if (ms === undefined) {
    ms = resolveWallTime(date, minutes, zone).getTime();
    if (wallTimes.size >= WALL_TIME_CACHE_SIZE) {
      wallTimes.clear();
    }
    wallTimes.set(key, ms);
  }
  return new Date(ms);
}

/**
 * Memo of wallTimeToInstant, a pure function of its arguments (the zone rules are fixed for the
 * process's lifetime), so it needs no invalidation. Resolving through Luxon took most of the
 * slots endpoint's engine time: two boundaries per day, every request, for the same few dates.
 * Bounded: cleared when full (a month of 24 boundaries a day for ~70 zones fits).
 */
const WALL_TIME_CACHE_SIZE = 50_000;
const wallTimes = new Map<string, number>();

function resolveWallTime(date: string, minutes: number, zone: string): Date {
  const day = DateTime.fromISO(date, { zone: 'utc' }).plus({ minutes });
  const wall = {
    year: day.year,
    month: day.month,
    day: day.day,
    hour: day.hour,
    minute: day.minute,
  };
  const requested = day.toFormat("yyyy-MM-dd'T'HH:mm");
  const resolved = DateTime.fromObject(wall, { zone });
  if (resolved.toFormat("yyyy-MM-dd'T'HH:mm") === requested) {
    // In a repeated hour Luxon may pick either occurrence; the first one is wanted.
    const earliest = Math.min(...resolved.getPossibleOffsets().map((dt) => dt.toMillis()));
    return new Date(earliest);
  }
  // The wall time does not exist (clocks jumped over it). Luxon moved it forward by the gap;
  // walk back to the jump: the last instant still showing a wall time after the requested one.
  let jump = resolved;
  for (let i = 0; i < MAX_GAP_MINUTES; i++) {
    const previous = jump.minus({ minutes: 1 });
    if (previous.toFormat("yyyy-MM-dd'T'HH:mm") < requested) {
      break;
    }
    jump = previous;
  }
  return jump.toJSDate();
}

/** The half-open instant range covering the local dates `from`..`to` (inclusive) in a zone. */
export function localDateRangeToInstants(from: string, to: string, zone: string): TimeRange {
  return {
    start: wallTimeToInstant(from, 0, zone),
    end: wallTimeToInstant(addDays(to, 1), 0, zone),
  };
}

/** The local dates `from`..`to` inclusive. */
export function listDates(from: string, to: string): string[] {
  const count = daysInRange(from, to);
  return Array.from({ length: Math.max(0, count) }, (_, i) => addDays(from, i));
}

/** The working intervals of a local date: its override if there is one, else the weekday's. */
export function intervalsOn(
  schedule: Pick<ScheduleRules, 'weekly'>,
  overrides: readonly DateOverride[],
  date: string,
): readonly TimeInterval[] {
  const override = overrides.find((o) => o.date === date);
  return override ? override.intervals : (schedule.weekly[weekdayOf(date)] ?? []);
}

/** Every slot the working hours of one local date produce, before now/notice/horizon/taken. */
export function candidateSlotsOn(
  schedule: ScheduleRules,
  overrides: readonly DateOverride[],
  date: string,
): SlotCandidate[] {
  const slotMs = schedule.slotMinutes * MS_PER_MINUTE;
  const stepMs = (schedule.slotMinutes + schedule.bufferMinutes) * MS_PER_MINUTE;
  const bounds = intervalsOn(schedule, overrides, date)
    .map((i) => ({ start: parseTimeOfDay(i.start), end: parseTimeOfDay(i.end, true) }))
    .filter((i): i is { start: number; end: number } => i.start !== null && i.end !== null)
    .sort((a, b) => a.start - b.start);
  const slots: SlotCandidate[] = [];
  for (const interval of bounds) {
    const from = wallTimeToInstant(date, interval.start, schedule.timezone).getTime();
    const until = wallTimeToInstant(date, interval.end, schedule.timezone).getTime();
    for (let start = from; start + slotMs <= until; start += stepMs) {
      slots.push({ date, start: new Date(start), end: new Date(start + slotMs) });
    }
  }
  return slots;
}

/** Classifies slots against one `now`; built once per request, applied to every slot. */
function slotClassifier(schedule: ScheduleRules, now: Date): (slot: SlotCandidate) => SlotStatus {
  const nowMs = now.getTime();
  const noticeEndsMs = nowMs + schedule.minNoticeMinutes * MS_PER_MINUTE;
  const lastDate = addDays(localDateOf(now, schedule.timezone), schedule.maxAdvanceDays);
  return (slot) => {
    if (slot.start.getTime() < nowMs) {
      return 'past';
    }
    if (slot.date > lastDate) {
      return 'beyond_horizon';
    }
    if (slot.start.getTime() < noticeEndsMs) {
      return 'min_notice';
    }
    return 'open';
  };
}

/** Taken time as sorted, disjoint ranges, so one forward sweep answers every overlap test. */
function mergeRanges(ranges: readonly TimeRange[]): Array<{ start: number; end: number }> {
  const sorted = ranges
    .map((r) => ({ start: r.start.getTime(), end: r.end.getTime() }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) {
      last.end = Math.max(last.end, r.end);
    } else {
      merged.push({ ...r });
    }
  }
  return merged;
}

/**
 * The slots of every local date in `from`..`to` (each date appears, with an empty list when
 * closed). Starts are strictly increasing across the whole result.
 */
export function generateSlots(query: SlotQuery): DaySlots[] {
  const { schedule, overrides, now } = query;
  const classify = slotClassifier(schedule, now);
  const taken = mergeRanges(query.taken);
  let cursor = 0;
  return listDates(query.from, query.to).map((date) => {
    const slots: ListedSlot[] = [];
    for (const slot of candidateSlotsOn(schedule, overrides, date)) {
      const status = classify(slot);
      if (status === 'past' || status === 'beyond_horizon') {
        continue;
      }
      const start = slot.start.getTime();
      const end = slot.end.getTime();
      while (cursor < taken.length && taken[cursor].end <= start) {
        cursor++;
      }
      const isTaken = cursor < taken.length && taken[cursor].start < end;
      slots.push({ start: slot.start, end: slot.end, available: status === 'open' && !isTaken });
    }
    return { date, slots };
  });
}

/**
 * The local dates whose working hours could produce a slot starting at `instant`: its own local
 * date, and the previous one for zones whose clocks fall back across midnight.
 */
export function datesToCheckFor(instant: Date, zone: string): { from: string; to: string } {
  const date = localDateOf(instant, zone);
  return { from: addDays(date, -1), to: date };
}

/**
 * Whether `startsAt` is exactly one of the generated slots and bookable now: aligned to the
 * slot grid, inside working hours, not on a day off, not past, not within the minimum notice,
 * not beyond the horizon, and (when `taken` is given) not overlapping taken time. `overrides`
 * must cover `datesToCheckFor(startsAt, zone)`.
 */
export function checkSlot(
  schedule: ScheduleRules,
  overrides: readonly DateOverride[],
  startsAt: Date,
  now: Date,
  taken: readonly TimeRange[] = [],
): SlotCheck {
  const { from, to } = datesToCheckFor(startsAt, schedule.timezone);
  const slot = listDates(from, to)
    .flatMap((date) => candidateSlotsOn(schedule, overrides, date))
    .find((s) => s.start.getTime() === startsAt.getTime());
  if (!slot) {
    return { ok: false, reason: 'not_a_slot' };
  }
  const status = slotClassifier(schedule, now)(slot);
  if (status !== 'open') {
    return { ok: false, reason: status, slot };
  }
  const overlaps = taken.some(
    (t) => t.start.getTime() < slot.end.getTime() && t.end.getTime() > slot.start.getTime(),
  );
  return overlaps ? { ok: false, reason: 'taken', slot } : { ok: true, slot };
}
