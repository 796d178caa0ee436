import type { ScheduleOverrideRecord } from './schedule-overrides.repository';
import type { ScheduleRecord } from './schedules.repository';
import { VersionedCache } from './slots-cache';

/** What a slot check reads for one doctor and one UTC date: the schedule and nearby overrides. */
export interface ScheduleAround {
  record: ScheduleRecord | null;
  overrides: ScheduleOverrideRecord[];
}

/**
 * Per-instance copies of what booking's slot check reads (the doctor's schedule and the
 * overrides around one date), checked against the doctor's schedule version: availability bumps
 * that number on the doctor's profile after every committed change of the hours or the
 * overrides, and booking reads the profile anyway, so a current copy costs no query at all.
 * The protocol: the version is read before the data and bumped after it (after the commit and
 * before the writer answers, AvailabilityService.scheduleChanged), so a copy stored under a
 * version is never older than that version's data; a bump lost to a crash is covered by
 * `maxAgeMs`. Bookings never rely on it for who holds a slot
 * (the unique index decides), only for whether the schedule offers it.
 *
 * Least recently used entries go first beyond `maxEntries` (0 turns the cache off).
 */
export class ScheduleCache {
  private readonly cache: VersionedCache<ScheduleAround, { version: number }>;

  constructor(
    maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.cache = new VersionedCache(maxEntries, maxAgeMs);
  }

  async get(
    doctorId: string,
    version: number,
    utcDate: string,
    read: () => Promise<ScheduleAround>,
  ): Promise<ScheduleAround> {
    const key = `${doctorId}:${utcDate}`;
    const fingerprint = { version };
    const now = this.clock();
    const hit = this.cache.get(key, fingerprint, now);
    if (hit) {
      return hit;
    }
    const value = await read();
    this.cache.set(key, fingerprint, value, now + this.maxAgeMs, now);
    return value;
  }

  get size(): number {
    return this.cache.size;
  }
}
