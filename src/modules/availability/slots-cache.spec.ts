import type { DaySlots } from './domain/slot-engine';
import { SlotsCache, slotsValidUntil, type SlotsFingerprint } from './slots-cache';

const at = (iso: string) => Date.parse(iso);
const f = (
  scheduleVersion = 1,
  timezone = 'UTC',
  taken: number[] = [10, 20],
): SlotsFingerprint => ({
  scheduleVersion,
  timezone,
  bookable: true,
  taken: new Uint8Array(taken),
});

describe('slotsValidUntil', () => {
  const slot = (iso: string) => ({
    start: new Date(iso),
    end: new Date(at(iso) + 30 * 60_000),
    available: true,
  });
  const days: DaySlots[] = [
    { date: '2026-12-02', slots: [slot('2026-12-02T10:00:00Z'), slot('2026-12-02T10:30:00Z')] },
  ];

  it('ends when the first listed slot enters its notice', () => {
    // 10:00 enters a 60-minute notice at 09:00, before the quarter hour after 08:50.
    expect(slotsValidUntil(days, 60, at('2026-12-02T08:58:00Z'))).toBe(at('2026-12-02T09:00:00Z'));
  });

  it('ends when a slot inside its notice starts', () => {
    expect(slotsValidUntil(days, 60, at('2026-12-02T09:58:00Z'))).toBe(at('2026-12-02T10:00:00Z'));
  });

  it('ends at the next quarter hour at the latest (the horizon moves at local midnights)', () => {
    expect(slotsValidUntil(days, 60, at('2026-12-02T07:01:00Z'))).toBe(at('2026-12-02T07:15:00Z'));
    expect(slotsValidUntil([], 0, at('2026-12-02T07:15:00Z'))).toBe(at('2026-12-02T07:30:00Z'));
  });
});

describe('SlotsCache', () => {
  const now = at('2026-12-02T08:00:00Z');

  it('answers only for the fingerprint the entry was built from', () => {
    const cache = new SlotsCache<string>(10, 60_000);
    cache.set('k', f(1), 'v1', now + 1000, now);
    expect(cache.get('k', f(1), now)).toBe('v1');
    expect(cache.get('k', f(2), now)).toBeUndefined();
    // A miss drops the entry: the older version is never answered again.
    expect(cache.get('k', f(1), now)).toBeUndefined();
    cache.set('k', f(1, 'UTC'), 'v1', now + 1000, now);
    expect(cache.get('k', f(1, 'Asia/Kolkata'), now)).toBeUndefined();
    cache.set('k', f(1), 'v1', now + 1000, now);
    expect(cache.get('k', { ...f(1), bookable: false }, now)).toBeUndefined();
  });

  it('compares the digest of the taken time byte by byte, not by identity', () => {
    const cache = new SlotsCache<string>(10, 60_000);
    cache.set('k', f(1, 'UTC', [10, 20, 30, 40]), 'v', now + 1000, now);
    // The same taken time read again (a new array): the entry answers.
    expect(cache.get('k', f(1, 'UTC', [10, 20, 30, 40]), now)).toBe('v');
    // One more booking, one fewer, or one moved: each is a miss.
    for (const taken of [[10, 20, 30, 40, 50, 60], [10, 20], [10, 20, 35, 45], []]) {
      cache.set('k', f(1, 'UTC', [10, 20, 30, 40]), 'v', now + 1000, now);
      expect(cache.get('k', f(1, 'UTC', taken), now)).toBeUndefined();
    }
  });

  it('expires at the instant the answer stops holding, and after the maximum age', () => {
    const cache = new SlotsCache<string>(10, 5_000);
    cache.set('k', f(), 'v', now + 1000, now);
    expect(cache.get('k', f(), now + 999)).toBe('v');
    expect(cache.get('k', f(), now + 1000)).toBeUndefined();
    cache.set('k', f(), 'v', now + 3_600_000, now);
    expect(cache.get('k', f(), now + 4_999)).toBe('v');
    expect(cache.get('k', f(), now + 5_000)).toBeUndefined();
  });

  it('does not answer a request that is older than the entry (a clock going back)', () => {
    const cache = new SlotsCache<string>(10, 60_000);
    cache.set('k', f(), 'v', now + 1000, now);
    expect(cache.get('k', f(), now - 1)).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = new SlotsCache<string>(2, 60_000);
    cache.set('a', f(), 'A', now + 1000, now);
    cache.set('b', f(), 'B', now + 1000, now);
    expect(cache.get('a', f(), now)).toBe('A');
    cache.set('c', f(), 'C', now + 1000, now);
    expect(cache.size).toBe(2);
    expect(cache.get('b', f(), now)).toBeUndefined();
    expect(cache.get('a', f(), now)).toBe('A');
    expect(cache.get('c', f(), now)).toBe('C');
  });

  it('stores nothing with capacity 0, and resize(0) empties it', () => {
    const off = new SlotsCache<string>(0, 60_000);
    off.set('k', f(), 'v', now + 1000, now);
    expect(off.enabled).toBe(false);
    expect(off.get('k', f(), now)).toBeUndefined();
    const on = new SlotsCache<string>(5, 60_000);
    on.set('k', f(), 'v', now + 1000, now);
    on.resize(0);
    expect(on.size).toBe(0);
    expect(on.enabled).toBe(false);
  });
});
