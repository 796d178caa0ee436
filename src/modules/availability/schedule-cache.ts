import type { ScheduleOverrideRecord } from './schedule-overrides.repository';
import type { ScheduleRecord } from './schedules.repository';

/** What a slot check reads for one doctor and one UTC date: the schedule and nearby overrides. */
export interface ScheduleAround {
  record: ScheduleRecord | null;
  overrides: ScheduleOverrideRecord[];
}

interface Entry {
  value: ScheduleAround;
  builtAt: number;
}

/**
 * Per-instance copies of what booking's slot check reads (the doctor's schedule and the
 * overrides around one date), keyed by the doctor's schedule version: availability bumps that
 * number on the doctor's profile after every committed change of the hours or the overrides,
 * and booking reads the profile anyway, so a current copy costs no query at all. The protocol
 * is the slots cache's (calendar-versions.ts): the version is read before the data and bumped
 * after it, so a copy stored under a version is never older than that version's data; a bump
 * lost to a crash is covered by `maxAgeMs`. Bookings never rely on it for who holds a slot
 * (the unique index decides), only for whether the schedule offers it.
 *
 * Least recently used entries go first beyond `maxEntries` (0 turns the cache off).
 */
export class ScheduleCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(
    doctorId: string,
    version: number,
    utcDate: string,
    read: () => Promise<ScheduleAround>,
  ): Promise<ScheduleAround> {
    const key = `${doctorId}:${version}:${utcDate}`;
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && now >= hit.builtAt && now - hit.builtAt < this.maxAgeMs) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = await read();
    if (this.maxEntries > 0) {
      this.entries.delete(key);
      this.entries.set(key, { value, builtAt: now });
      while (this.entries.size > this.maxEntries) {
        this.entries.delete(this.entries.keys().next().value as string);
      }
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
