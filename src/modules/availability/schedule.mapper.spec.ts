import { DateTime } from 'luxon';
import { isoSeconds, localIsoStrings, utcIsoString } from './schedule.mapper';

const luxon = (ms: number, zone: string) =>
  DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });

describe('localIsoStrings', () => {
  // Whole local days around both 2026 DST changes, every 30 minutes, as the slots endpoint
  // formats them (one call per local date).
  const cases: Array<[string, string[]]> = [
    ['America/New_York', ['2026-03-08', '2026-11-01', '2026-06-15']],
    ['Europe/London', ['2026-03-29', '2026-10-25']],
    ['Australia/Lord_Howe', ['2026-04-05', '2026-10-04']], // 30-minute DST shift
    ['Asia/Kolkata', ['2026-03-08']],
    ['UTC', ['2026-03-08']],
  ];

  it.each(cases)('matches Luxon for every instant of each day in %s', (zone, dates) => {
    for (const date of dates) {
      const start = DateTime.fromISO(date, { zone }).toMillis();
      const end = DateTime.fromISO(date, { zone }).plus({ days: 1 }).toMillis();
      const instants: number[] = [];
      for (let ms = start; ms < end; ms += 30 * 60_000) {
        instants.push(ms);
      }
      expect(localIsoStrings(instants, zone)).toEqual(instants.map((ms) => luxon(ms, zone)));
    }
  });

  it('handles an empty day', () => {
    expect(localIsoStrings([], 'Asia/Kolkata')).toEqual([]);
  });
});

describe('utcIsoString / isoSeconds', () => {
  it('match Date#toISOString for whole minutes, odd instants and the ends of the range', () => {
    const instants = [
      0,
      Date.UTC(2026, 2, 8, 7, 0),
      Date.UTC(2028, 1, 29, 23, 59),
      Date.UTC(2026, 11, 31, 23, 30),
      Date.UTC(2027, 0, 1, 0, 0),
      Date.UTC(9999, 11, 31, 23, 59),
      Date.UTC(10000, 0, 1),
      -60_000,
      Date.UTC(2026, 2, 8, 7, 0, 30),
      Date.UTC(2026, 2, 8, 7, 0, 0, 5),
    ];
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2026, 0, 4); ms += 7 * 60_000) {
      instants.push(ms);
    }
    for (const ms of instants) {
      expect(utcIsoString(ms)).toBe(new Date(ms).toISOString());
      expect(isoSeconds(ms)).toBe(new Date(ms).toISOString().slice(0, 19));
    }
  });
});
