import { DateTime } from 'luxon';
import {
  addDays,
  daysInRange,
  findIntervalProblem,
  isLocalDate,
  parseTimeOfDay,
  sortIntervals,
  weekdayOf,
} from './schedule-rules';

describe('parseTimeOfDay', () => {
  it('reads HH:mm as minutes since midnight', () => {
    expect(parseTimeOfDay('00:00')).toBe(0);
    expect(parseTimeOfDay('09:30')).toBe(570);
    expect(parseTimeOfDay('23:59')).toBe(1439);
  });

  it('rejects malformed and out-of-range times', () => {
    for (const bad of ['9:00', '09:0', '24:30', '25:00', '12:60', '12-00', ' 09:00', '']) {
      expect(parseTimeOfDay(bad, true)).toBeNull();
    }
  });

  it('accepts 24:00 only as an end of day', () => {
    expect(parseTimeOfDay('24:00')).toBeNull();
    expect(parseTimeOfDay('24:00', true)).toBe(1440);
  });
});

describe('findIntervalProblem', () => {
  it('accepts separate and touching intervals in any order', () => {
    expect(
      findIntervalProblem([
        { start: '14:00', end: '17:00' },
        { start: '09:00', end: '13:00' },
        { start: '13:00', end: '14:00' },
        { start: '23:00', end: '24:00' },
      ]),
    ).toBeNull();
    expect(findIntervalProblem([])).toBeNull();
  });

  it('rejects overlaps, empty or reversed intervals and bad times', () => {
    expect(
      findIntervalProblem([
        { start: '09:00', end: '13:00' },
        { start: '12:00', end: '15:00' },
      ]),
    ).toMatch(/overlaps/);
    expect(findIntervalProblem([{ start: '10:00', end: '09:00' }])).toMatch(/before end/);
    expect(findIntervalProblem([{ start: '10:00', end: '10:00' }])).toMatch(/before end/);
    expect(findIntervalProblem([{ start: '9:00', end: '10:00' }])).toMatch(/start must be/);
    expect(findIntervalProblem([{ start: '09:00', end: '24:30' }])).toMatch(/end must be/);
    expect(findIntervalProblem([{ start: '24:00', end: '24:00' }])).toMatch(/start must be/);
  });

  it('rejects an interval nested inside another', () => {
    expect(
      findIntervalProblem([
        { start: '08:00', end: '18:00' },
        { start: '10:00', end: '11:00' },
      ]),
    ).toMatch(/overlaps/);
  });
});

describe('dates', () => {
  it('recognises only real calendar dates', () => {
    expect(isLocalDate('2026-03-08')).toBe(true);
    expect(isLocalDate('2028-02-29')).toBe(true);
    for (const bad of [
      '2026-02-30',
      '2027-02-29',
      '2026-13-01',
      '2026-3-8',
      '20260308',
      42,
      null,
    ]) {
      expect(isLocalDate(bad)).toBe(false);
    }
  });

  it('counts inclusive ranges and names weekdays', () => {
    expect(daysInRange('2026-03-01', '2026-03-01')).toBe(1);
    expect(daysInRange('2026-03-01', '2026-03-31')).toBe(31);
    expect(daysInRange('2026-03-02', '2026-03-01')).toBe(0);
    expect(weekdayOf('2026-03-02')).toBe('mon');
    expect(weekdayOf('2026-03-08')).toBe('sun');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('sorts intervals chronologically', () => {
    expect(
      sortIntervals([
        { start: '14:00', end: '15:00' },
        { start: '09:00', end: '10:00' },
      ]).map((i) => i.start),
    ).toEqual(['09:00', '14:00']);
  });
});

describe('calendar helpers (UTC arithmetic, no Luxon on the hot path)', () => {
  const luxonDay = (date: string) => DateTime.fromISO(date, { zone: 'utc' });

  it('agree with Luxon on every date of 2023-2029, leap days included', () => {
    let date = '2023-01-01';
    for (let i = 0; i < 7 * 366; i++) {
      const next = luxonDay(date).plus({ days: 1 }).toISODate() as string;
      expect(addDays(date, 1)).toBe(next);
      expect(addDays(date, -400)).toBe(luxonDay(date).minus({ days: 400 }).toISODate());
      expect(weekdayOf(date)).toBe(luxonDay(date).toFormat('ccc').toLowerCase());
      expect(daysInRange('2023-01-01', date)).toBe(i + 1);
      date = next;
    }
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
  });

  it('treat impossible dates as Luxon does (not as the next valid one)', () => {
    expect(addDays('2026-02-30', 1)).toBe(luxonDay('2026-02-30').plus({ days: 1 }).toISODate());
    expect(Number.isNaN(daysInRange('2026-02-30', '2026-03-02'))).toBe(true);
  });
});
