import type { DaySlots } from './domain/slot-engine';

const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * What a cached answer was built from, all of it compared before the answer is reused. All of
 * it is read again on every request except the schedule and overrides, which the version stands
 * for (schedule-cache.ts explains the protocol).
 */
// A type, not an interface: it must be assignable to Fingerprint's index signature.
export type SlotsFingerprint = {
  /** The doctor's schedule version, read (with the profile) before the schedule and overrides. */
  scheduleVersion: number;
  /** The doctor's zone and bookability, read with the version. */
  timezone: string;
  bookable: boolean;
  /**
   * The digest of the taken time the answer was computed from (slot-occupancy.ts, TakenTime):
   * the very same query runs on every request, so a booking, cancellation or move made on any
   * instance is seen by the next request, with no announcement to miss.
   */
  taken: Uint8Array;
};

/** What an entry was built from; equal field by field (bytes byte by byte), or unused. */
type FingerprintValue = string | number | boolean | Uint8Array;
type Fingerprint = Record<string, FingerprintValue>;

function sameValue(a: FingerprintValue, b: FingerprintValue): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && Buffer.compare(a, b) === 0;
  }
  return a === b;
}

interface Entry<T, F extends Fingerprint> {
  fingerprint: F;
  value: T;
  builtAt: number;
  /** The answer no longer holds from this instant on (a slot starts or enters its notice). */
  validUntil: number;
}

/**
 * The instant from which slots computed at `now` may differ even if nothing is written: the
 * first listed slot that starts, or enters its minimum notice, after `now`; and the next quarter
 * hour, at which the horizon moves when a local midnight passes (every zone in use today is a
 * whole number of quarter hours from UTC).
 */
export function slotsValidUntil(
  days: readonly DaySlots[],
  noticeMinutes: number,
  now: number,
): number {
  const notice = noticeMinutes * 60_000;
  let until = (Math.floor(now / QUARTER_HOUR_MS) + 1) * QUARTER_HOUR_MS;
  for (const day of days) {
    for (const slot of day.slots) {
      const start = slot.start.getTime();
      if (start > now && start < until) {
        until = start;
      }
      if (start - notice > now && start - notice < until) {
        until = start - notice;
      }
    }
  }
  return until;
}

/**
 * Built values of this instance, least recently used first out. An entry is used only while
 * its fingerprint matches what the request just read and time has not changed it, and never
 * longer than `maxAgeMs` (the bound on staleness should a writer crash between its commit and
 * its version bump). Holds values (and fingerprints) that are never modified after they are
 * stored.
 */
export class VersionedCache<T, F extends Fingerprint> {
  private readonly entries = new Map<string, Entry<T, F>>();

  constructor(
    private capacity: number,
    private readonly maxAgeMs: number,
  ) {}

  /** A new capacity; 0 empties and turns off the cache (the benchmark measures both paths). */
  resize(capacity: number): void {
    this.capacity = Math.max(0, Math.floor(capacity));
    this.evict();
  }

  get enabled(): boolean {
    return this.capacity > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, fingerprint: F, now: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    const f = entry.fingerprint;
    if (
      now >= entry.validUntil ||
      now < entry.builtAt ||
      Object.keys(fingerprint).some((k) => !sameValue(f[k], fingerprint[k]))
    ) {
      this.entries.delete(key);
      return undefined;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, fingerprint: F, value: T, validUntil: number, now: number): void {
    if (!this.enabled) {
      return;
    }
    this.entries.delete(key);
    this.entries.set(key, {
      fingerprint,
      value,
      builtAt: now,
      validUntil: Math.min(validUntil, now + this.maxAgeMs),
    });
    this.evict();
  }

  private evict(): void {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) {
        break;
      }
      this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Slots answers (see AvailabilityService.listSlots), keyed by doctor, range and form. */
export class SlotsCache<T = unknown> extends VersionedCache<T, SlotsFingerprint> {}
