import {
  DASHBOARD_LIMITS,
  isoWeekOf,
  monthsInRange,
  resolveDashboardRange,
  rollUpDays,
  serverTimeZone,
} from './dashboard-period';

describe('resolveDashboardRange', () => {
  const now = new Date('2026-03-10T20:00:00Z'); // already 2026-03-11 in Kolkata (UTC+05:30)

  it('defaults to 90 days back through 30 days ahead of the local today', () => {
    const r = resolveDashboardRange({}, 'Asia/Kolkata', now);
    expect(r).toEqual({
      ok: true,
      range: {
        from: '2025-12-11',
        to: '2026-04-10',
        zone: 'Asia/Kolkata',
        start: new Date('2025-12-10T18:30:00Z'),
        end: new Date('2026-04-10T18:30:00Z'),
      },
    });
  });

  it('maps local dates to the instants of local midnights, across a DST change', () => {
    const r = resolveDashboardRange(
      { from: '2026-03-01', to: '2026-03-31' },
      'America/New_York',
      now,
    );
    expect(r.ok && r.range.start.toISOString()).toBe('2026-03-01T05:00:00.000Z');
    expect(r.ok && r.range.end.toISOString()).toBe('2026-04-01T04:00:00.000Z');
  });

  it('starts a day whose midnight does not exist at the clock jump', () => {
    // Santiago springs forward at 24:00 on 2026-09-05: 2026-09-06 starts at 01:00 local.
    const r = resolveDashboardRange(
      { from: '2026-09-06', to: '2026-09-06' },
      'America/Santiago',
      now,
    );
    expect(r.ok && r.range.start.toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });

  it('accepts one day and up to the maximum, and rejects reversed or longer ranges', () => {
    expect(resolveDashboardRange({ from: '2026-01-01', to: '2026-01-01' }, 'UTC', now).ok).toBe(
      true,
    );
    expect(resolveDashboardRange({ from: '2024-01-01', to: '2024-12-31' }, 'UTC', now).ok).toBe(
      true,
    );
    expect(DASHBOARD_LIMITS.maxRangeDays).toBe(366);
    expect(resolveDashboardRange({ from: '2025-01-01', to: '2026-01-02' }, 'UTC', now)).toEqual({
      ok: false,
      problem: 'too_long',
    });
    expect(resolveDashboardRange({ from: '2026-01-02', to: '2026-01-01' }, 'UTC', now)).toEqual({
      ok: false,
      problem: 'reversed',
    });
  });
});

describe('isoWeekOf', () => {
  it('uses ISO week-years (early January can belong to the previous year)', () => {
    expect(isoWeekOf('2027-01-01')).toEqual({
      week: '2026-W53',
      start: '2026-12-28',
      end: '2027-01-03',
    });
    expect(isoWeekOf('2026-03-02')).toEqual({
      week: '2026-W10',
      start: '2026-03-02',
      end: '2026-03-08',
    });
    expect(isoWeekOf('2026-03-08').week).toBe('2026-W10');
  });
});

describe('rollUpDays', () => {
  it('sums days into every overlapping week and month, zeros included', () => {
    const out = rollUpDays(
      [
        { day: '2026-02-28', amount: 100 },
        { day: '2026-03-01', amount: 200 },
        { day: '2026-03-02', amount: 400 },
        { day: '2026-03-20', amount: 800 },
        { day: '2026-04-01', amount: 9999 }, // outside the range: ignored
      ],
      '2026-02-25',
      '2026-03-20',
    );
    expect(out.weekly.map((w) => [w.week, w.amount])).toEqual([
      ['2026-W09', 300],
      ['2026-W10', 400],
      ['2026-W11', 0],
      ['2026-W12', 800],
    ]);
    expect(out.weekly[0]).toMatchObject({ start: '2026-02-23', end: '2026-03-01' });
    expect(out.monthly).toEqual([
      { month: '2026-02', amount: 100 },
      { month: '2026-03', amount: 1400 },
    ]);
  });
});

describe('monthsInRange', () => {
  it('lists the months overlapping the range across a year end', () => {
    expect(monthsInRange('2025-11-30', '2026-02-01')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});

describe('serverTimeZone', () => {
  it('writes fixed-offset names as an offset and keeps region zones', () => {
    expect(serverTimeZone('UTC')).toBe('+00:00');
    expect(serverTimeZone('GMT')).toBe('+00:00');
    expect(serverTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(serverTimeZone('America/New_York')).toBe('America/New_York');
  });
});
