import {
  AppointmentStatus as S,
  canTransition,
  checkTransition,
  isActive,
  sourcesOf,
} from './appointment-status';

const ALL = Object.values(S);

describe('appointment state machine', () => {
  const legal: Array<[S, S]> = [
    [S.Pending, S.Confirmed],
    [S.Pending, S.Cancelled],
    [S.Confirmed, S.Completed],
    [S.Confirmed, S.NoShow],
    [S.Confirmed, S.Cancelled],
  ];

  it.each(legal)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it('rejects every other pair', () => {
    for (const from of ALL) {
      for (const to of ALL) {
        const expected = legal.some(([f, t]) => f === from && t === to);
        expect({ from, to, ok: canTransition(from, to) }).toEqual({ from, to, ok: expected });
      }
    }
  });

  it('marks only pending and confirmed as active', () => {
    expect(ALL.filter(isActive).sort()).toEqual([S.Confirmed, S.Pending].sort());
  });

  it('lists the sources of each target for the conditional update', () => {
    expect(sourcesOf(S.Cancelled).sort()).toEqual([S.Confirmed, S.Pending].sort());
    expect(sourcesOf(S.Completed)).toEqual([S.Confirmed]);
    expect(sourcesOf(S.Pending)).toEqual([]);
  });

  it('allows completed and no-show only once the visit has started', () => {
    const startsAt = new Date('2026-03-08T10:00:00Z');
    const before = new Date('2026-03-08T09:59:59.999Z');
    const at = new Date('2026-03-08T10:00:00Z');
    expect(checkTransition(S.Confirmed, S.Completed, startsAt, before)).toEqual({
      ok: false,
      reason: 'NOT_STARTED',
    });
    expect(checkTransition(S.Confirmed, S.NoShow, startsAt, before)).toEqual({
      ok: false,
      reason: 'NOT_STARTED',
    });
    expect(checkTransition(S.Confirmed, S.Completed, startsAt, at)).toEqual({ ok: true });
    expect(checkTransition(S.Pending, S.Completed, startsAt, at)).toEqual({
      ok: false,
      reason: 'INVALID_TRANSITION',
    });
    expect(checkTransition(S.Confirmed, S.Cancelled, startsAt, before)).toEqual({ ok: true });
  });
});
