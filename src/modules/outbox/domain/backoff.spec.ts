import { afterFailure, backoffMs } from './backoff';

describe('outbox backoff', () => {
  it('doubles from 2 s and is capped at 15 min', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([2000, 4000, 8000, 16000]);
    expect(backoffMs(20)).toBe(15 * 60_000);
    expect(backoffMs(1000)).toBe(15 * 60_000);
  });

  it('retries after the backoff until the last allowed attempt, then is dead', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(afterFailure(1, 3, now)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date('2026-01-01T00:00:02Z'),
    });
    expect(afterFailure(2, 3, now)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date('2026-01-01T00:00:04Z'),
    });
    expect(afterFailure(3, 3, now)).toEqual({ status: 'dead' });
    expect(afterFailure(4, 3, now)).toEqual({ status: 'dead' });
  });

  it('a single allowed attempt is dead at its first failure', () => {
    expect(afterFailure(1, 1, new Date())).toEqual({ status: 'dead' });
  });
});
