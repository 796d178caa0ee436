import { DateTime } from 'luxon';
import {
  WEEKDAYS,
  type DateOverride,
  type ScheduleRules,
  type TimeInterval,
  type WeeklyHours,
} from './schedule-rules';
import {
  checkSlot,
  generateSlots,
  localDateRangeToInstants,
  wallTimeToInstant,
  type DaySlots,
  type TimeRange,
} from './slot-engine';

const everyDay = (intervals: TimeInterval[]): WeeklyHours =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, intervals]));

function schedule(overrides: Partial<ScheduleRules> = {}): ScheduleRules {
  return {
    timezone: 'Asia/Kolkata',
    slotMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 0,
    maxAdvanceDays: 365,
    weekly: everyDay([{ start: '09:00', end: '10:00' }]),
    ...overrides,
  };
}

/** A `now` long before the 2026 dates used below, so nothing is past or within notice. */
const LONG_AGO = new Date('2025-12-01T00:00:00Z');

function slotsOn(
  rules: ScheduleRules,
  date: string,
  opts: { now?: Date; overrides?: DateOverride[]; taken?: TimeRange[] } = {},
): DaySlots['slots'] {
  const days = generateSlots({
    schedule: rules,
    overrides: opts.overrides ?? [],
    taken: opts.taken ?? [],
    now: opts.now ?? LONG_AGO,
    from: date,
    to: date,
  });
  expect(days).toHaveLength(1);
  return days[0].slots;
}

const localTimes = (slots: { start: Date }[], zone: string): string[] =>
  slots.map((s) => DateTime.fromJSDate(s.start, { zone }).toFormat('HH:mm'));
const isoStarts = (slots: { start: Date }[]): string[] => slots.map((s) => s.start.toISOString());

function expectStrictlyIncreasingAndUnique(slots: { start: Date; end: Date }[]): void {
  const starts = slots.map((s) => s.start.getTime());
  expect(new Set(starts).size).toBe(starts.length);
  for (let i = 1; i < slots.length; i++) {
    expect(slots[i].start.getTime()).toBeGreaterThanOrEqual(slots[i - 1].end.getTime());
  }
}

describe('generateSlots: basic grid', () => {
  it('produces slots for several intervals per day in the doctor zone (Asia/Kolkata +05:30)', () => {
    const rules = schedule({
      weekly: {
        mon: [
          { start: '14:00', end: '17:00' },
          { start: '09:00', end: '13:00' },
        ],
      },
    });
    const slots = slotsOn(rules, '2026-03-02');
    expect(slots).toHaveLength(8 + 6);
    expect(slots[0]).toEqual({
      start: new Date('2026-03-02T03:30:00Z'),
      end: new Date('2026-03-02T04:00:00Z'),
      available: true,
    });
    expect(localTimes(slots, 'Asia/Kolkata')).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '12:00',
      '12:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
    ]);
    expectStrictlyIncreasingAndUnique(slots);
  });

  it('steps by slot + buffer and never lets a slot end after its interval', () => {
    const rules = schedule({
      slotMinutes: 30,
      bufferMinutes: 10,
      weekly: everyDay([{ start: '09:00', end: '11:00' }]),
    });
    const slots = slotsOn(rules, '2026-03-02');
    expect(localTimes(slots, 'Asia/Kolkata')).toEqual(['09:00', '09:40', '10:20']);
    expect(slots[2].end).toEqual(new Date('2026-03-02T05:20:00Z'));
  });

  it('drops a trailing partial slot', () => {
    const rules = schedule({ weekly: everyDay([{ start: '09:00', end: '10:15' }]) });
    expect(localTimes(slotsOn(rules, '2026-03-02'), 'Asia/Kolkata')).toEqual(['09:00', '09:30']);
  });

  it('treats 24:00 as the end of the local day', () => {
    const rules = schedule({
      slotMinutes: 60,
      weekly: { mon: [{ start: '22:00', end: '24:00' }] },
    });
    const slots = slotsOn(rules, '2026-03-02');
    expect(isoStarts(slots)).toEqual(['2026-03-02T16:30:00.000Z', '2026-03-02T17:30:00.000Z']);
    expect(slots[1].end).toEqual(new Date('2026-03-02T18:30:00Z'));
  });

  it('uses a 45-minute offset zone correctly (Asia/Kathmandu +05:45)', () => {
    const rules = schedule({ timezone: 'Asia/Kathmandu' });
    expect(isoStarts(slotsOn(rules, '2026-03-02'))).toEqual([
      '2026-03-02T03:15:00.000Z',
      '2026-03-02T03:45:00.000Z',
    ]);
  });

  it('lists every date of the range, closed ones with no slots', () => {
    const rules = schedule({ weekly: { mon: [{ start: '09:00', end: '10:00' }] } });
    const days = generateSlots({
      schedule: rules,
      overrides: [],
      taken: [],
      now: LONG_AGO,
      from: '2026-03-01',
      to: '2026-03-09',
    });
    expect(days.map((d) => d.date)).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
    ]);
    expect(days.map((d) => d.slots.length)).toEqual([0, 2, 0, 0, 0, 0, 0, 0, 2]);
  });

  it('gives a doctor without weekly hours no slots at all', () => {
    const days = generateSlots({
      schedule: schedule({ weekly: {} }),
      overrides: [],
      taken: [],
      now: LONG_AGO,
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(days).toHaveLength(31);
    expect(days.every((d) => d.slots.length === 0)).toBe(true);
  });
});

describe('generateSlots: DST and odd offsets', () => {
  describe('America/New_York (2026-03-08 02:00 -> 03:00, 2026-11-01 02:00 -> 01:00)', () => {
    const zone = 'America/New_York';

    it('keeps a 09:00 slot at 09:00 local on both change days', () => {
      const rules = schedule({ timezone: zone });
      const starts = ['2026-03-07', '2026-03-08', '2026-03-09'].map(
        (d) => slotsOn(rules, d)[0].start,
      );
      expect(starts.map((s) => s.toISOString())).toEqual([
        '2026-03-07T14:00:00.000Z',
        '2026-03-08T13:00:00.000Z',
        '2026-03-09T13:00:00.000Z',
      ]);
      const fall = ['2026-10-31', '2026-11-01', '2026-11-02'].map(
        (d) => slotsOn(rules, d)[0].start,
      );
      expect(fall.map((s) => s.toISOString())).toEqual([
        '2026-10-31T13:00:00.000Z',
        '2026-11-01T14:00:00.000Z',
        '2026-11-02T14:00:00.000Z',
      ]);
      expect(
        localTimes(
          [...starts, ...fall].map((start) => ({ start })),
          zone,
        ),
      ).toEqual(Array(6).fill('09:00'));
    });

    it('skips the nonexistent hour on the spring-forward night without losing real time', () => {
      const rules = schedule({
        timezone: zone,
        weekly: everyDay([{ start: '00:00', end: '04:00' }]),
      });
      const slots = slotsOn(rules, '2026-03-08');
      expect(localTimes(slots, zone)).toEqual([
        '00:00',
        '00:30',
        '01:00',
        '01:30',
        '03:00',
        '03:30',
      ]);
      expect(isoStarts(slots)).toEqual([
        '2026-03-08T05:00:00.000Z',
        '2026-03-08T05:30:00.000Z',
        '2026-03-08T06:00:00.000Z',
        '2026-03-08T06:30:00.000Z',
        '2026-03-08T07:00:00.000Z',
        '2026-03-08T07:30:00.000Z',
      ]);
      expectStrictlyIncreasingAndUnique(slots);
    });

    it('offers the repeated hour of the fall-back night twice, as distinct instants', () => {
      const rules = schedule({
        timezone: zone,
        weekly: everyDay([{ start: '00:00', end: '04:00' }]),
      });
      const slots = slotsOn(rules, '2026-11-01');
      expect(localTimes(slots, zone)).toEqual([
        '00:00',
        '00:30',
        '01:00',
        '01:30',
        '01:00',
        '01:30',
        '02:00',
        '02:30',
        '03:00',
        '03:30',
      ]);
      expect(slots.map((s) => DateTime.fromJSDate(s.start, { zone }).offset / 60)).toEqual([
        -4, -4, -4, -4, -5, -5, -5, -5, -5, -5,
      ]);
      expectStrictlyIncreasingAndUnique(slots);
      expect(slots[slots.length - 1].end).toEqual(new Date('2026-11-01T09:00:00Z'));
    });

    it('starts an interval whose local start falls in the gap at the jump', () => {
      const rules = schedule({
        timezone: zone,
        weekly: everyDay([{ start: '02:30', end: '04:00' }]),
      });
      expect(localTimes(slotsOn(rules, '2026-03-08'), zone)).toEqual(['03:00', '03:30']);
    });

    it('starts an interval whose local start is repeated at its first occurrence', () => {
      const rules = schedule({
        timezone: zone,
        weekly: everyDay([{ start: '01:30', end: '02:00' }]),
      });
      const slots = slotsOn(rules, '2026-11-01');
      expect(isoStarts(slots)).toEqual([
        '2026-11-01T05:30:00.000Z',
        '2026-11-01T06:00:00.000Z',
        '2026-11-01T06:30:00.000Z',
      ]);
    });

    it('never duplicates a slot across intervals that meet inside the gap', () => {
      const rules = schedule({
        timezone: zone,
        weekly: everyDay([
          { start: '00:00', end: '02:30' },
          { start: '02:30', end: '04:00' },
        ]),
      });
      const slots = slotsOn(rules, '2026-03-08');
      expect(localTimes(slots, zone)).toEqual([
        '00:00',
        '00:30',
        '01:00',
        '01:30',
        '03:00',
        '03:30',
      ]);
      expectStrictlyIncreasingAndUnique(slots);
    });
  });

  describe('Europe/London (2026-03-29 01:00 -> 02:00, 2026-10-25 02:00 -> 01:00)', () => {
    const zone = 'Europe/London';

    it('keeps 09:00 at 09:00 local on both change days', () => {
      const rules = schedule({ timezone: zone });
      expect(isoStarts(slotsOn(rules, '2026-03-28'))[0]).toBe('2026-03-28T09:00:00.000Z');
      expect(isoStarts(slotsOn(rules, '2026-03-29'))[0]).toBe('2026-03-29T08:00:00.000Z');
      expect(isoStarts(slotsOn(rules, '2026-10-25'))[0]).toBe('2026-10-25T09:00:00.000Z');
      expect(isoStarts(slotsOn(rules, '2026-10-24'))[0]).toBe('2026-10-24T08:00:00.000Z');
    });

    it('handles the spring-forward night', () => {
      const rules = schedule({
        timezone: zone,
        weekly: everyDay([{ start: '00:00', end: '04:00' }]),
      });
      const slots = slotsOn(rules, '2026-03-29');
      expect(localTimes(slots, zone)).toEqual([
        '00:00',
        '00:30',
        '02:00',
        '02:30',
        '03:00',
        '03:30',
      ]);
      expectStrictlyIncreasingAndUnique(slots);
    });

    it('handles the fall-back night', () => {
      const rules = schedule({
        timezone: zone,
        weekly: everyDay([{ start: '00:00', end: '03:00' }]),
      });
      const slots = slotsOn(rules, '2026-10-25');
      expect(localTimes(slots, zone)).toEqual([
        '00:00',
        '00:30',
        '01:00',
        '01:30',
        '01:00',
        '01:30',
        '02:00',
        '02:30',
      ]);
      expect(isoStarts(slots)[0]).toBe('2026-10-24T23:00:00.000Z');
      expectStrictlyIncreasingAndUnique(slots);
    });
  });

  describe('Australia/Adelaide (half-hour offset with DST: +10:30 <-> +09:30)', () => {
    const zone = 'Australia/Adelaide';

    it('keeps 09:00 local across the April fall-back and October spring-forward', () => {
      const rules = schedule({ timezone: zone });
      expect(isoStarts(slotsOn(rules, '2026-04-04'))[0]).toBe('2026-04-03T22:30:00.000Z');
      expect(isoStarts(slotsOn(rules, '2026-04-05'))[0]).toBe('2026-04-04T23:30:00.000Z');
      expect(isoStarts(slotsOn(rules, '2026-10-03'))[0]).toBe('2026-10-02T23:30:00.000Z');
      expect(isoStarts(slotsOn(rules, '2026-10-04'))[0]).toBe('2026-10-03T22:30:00.000Z');
    });

    it('handles both change nights', () => {
      const rules = schedule({
        timezone: zone,
        weekly: everyDay([{ start: '00:00', end: '04:00' }]),
      });
      const back = slotsOn(rules, '2026-04-05');
      expect(localTimes(back, zone)).toEqual([
        '00:00',
        '00:30',
        '01:00',
        '01:30',
        '02:00',
        '02:30',
        '02:00',
        '02:30',
        '03:00',
        '03:30',
      ]);
      expectStrictlyIncreasingAndUnique(back);
      const forward = slotsOn(rules, '2026-10-04');
      expect(localTimes(forward, zone)).toEqual([
        '00:00',
        '00:30',
        '01:00',
        '01:30',
        '03:00',
        '03:30',
      ]);
      expectStrictlyIncreasingAndUnique(forward);
    });
  });

  it('Asia/Kolkata has no DST: the same UTC times all year', () => {
    const rules = schedule();
    for (const date of ['2026-01-15', '2026-03-08', '2026-07-01', '2026-11-01']) {
      expect(isoStarts(slotsOn(rules, date))[0]).toBe(`${date}T03:30:00.000Z`);
    }
  });
});

describe('generateSlots: now, notice, horizon, taken', () => {
  const zone = 'Asia/Kolkata';
  const rules = schedule({
    minNoticeMinutes: 120,
    maxAdvanceDays: 2,
    weekly: everyDay([{ start: '09:00', end: '12:00' }]),
  });
  // Monday 2026-03-02 08:10 in Kolkata.
  const now = new Date('2026-03-02T02:40:00Z');

  it('marks slots inside the minimum notice unavailable and omits past ones', () => {
    const slots = slotsOn(rules, '2026-03-02', { now });
    expect(localTimes(slots, zone)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    // Notice ends at 10:10 local: 10:00 is too soon, 10:30 is fine.
    expect(slots.map((s) => s.available)).toEqual([false, false, false, true, true, true]);

    const later = new Date('2026-03-02T04:15:00Z'); // 09:45 local, the 09:30 slot is under way
    const remaining = slotsOn(rules, '2026-03-02', { now: later });
    expect(localTimes(remaining, zone)).toEqual(['10:00', '10:30', '11:00', '11:30']);
  });

  it('treats a slot starting exactly when the notice ends as available', () => {
    const atNine = new Date('2026-03-02T01:30:00Z'); // 07:00 local, notice ends 09:00
    expect(slotsOn(rules, '2026-03-02', { now: atNine })[0].available).toBe(true);
  });

  it('omits slots on dates after today + maxAdvanceDays, keeping the dates listed', () => {
    const days = generateSlots({
      schedule: rules,
      overrides: [],
      taken: [],
      now,
      from: '2026-03-01',
      to: '2026-03-06',
    });
    expect(days.map((d) => [d.date, d.slots.length])).toEqual([
      ['2026-03-01', 0],
      ['2026-03-02', 6],
      ['2026-03-03', 6],
      ['2026-03-04', 6],
      ['2026-03-05', 0],
      ['2026-03-06', 0],
    ]);
  });

  it('measures the horizon from today in the doctor zone, not in UTC', () => {
    // 2026-03-02T20:00Z is already Tuesday 01:30 in Kolkata: the horizon ends on Thursday.
    const days = generateSlots({
      schedule: rules,
      overrides: [],
      taken: [],
      now: new Date('2026-03-02T20:00:00Z'),
      from: '2026-03-05',
      to: '2026-03-06',
    });
    expect(days.map((d) => d.slots.length)).toEqual([6, 0]);
  });

  it('marks slots overlapping taken intervals unavailable; touching is not overlapping', () => {
    const day = '2026-03-03';
    const taken: TimeRange[] = [
      // 11:00-11:30 local, listed out of order on purpose
      { start: new Date('2026-03-03T05:30:00Z'), end: new Date('2026-03-03T06:00:00Z') },
      // 09:15-09:45 local overlaps the 09:00 and 09:30 slots
      { start: new Date('2026-03-03T03:45:00Z'), end: new Date('2026-03-03T04:15:00Z') },
      // ends exactly when 09:00 starts: no effect
      { start: new Date('2026-03-03T03:00:00Z'), end: new Date('2026-03-03T03:30:00Z') },
    ];
    const slots = slotsOn(rules, day, { now, taken });
    expect(slots.map((s) => s.available)).toEqual([false, false, true, true, false, true]);
  });

  it('lets one long taken interval block every slot it covers', () => {
    const taken = [
      { start: new Date('2026-03-03T03:00:00Z'), end: new Date('2026-03-03T05:00:00Z') },
      { start: new Date('2026-03-03T03:40:00Z'), end: new Date('2026-03-03T03:50:00Z') },
    ];
    const slots = slotsOn(rules, '2026-03-03', { now, taken });
    expect(slots.map((s) => s.available)).toEqual([false, false, false, true, true, true]);
  });

  it('reports taken and notice slots unavailable across several days in one sweep', () => {
    const taken = [
      { start: new Date('2026-03-03T04:00:00Z'), end: new Date('2026-03-03T04:30:00Z') },
      { start: new Date('2026-03-04T03:30:00Z'), end: new Date('2026-03-04T04:00:00Z') },
    ];
    const days = generateSlots({
      schedule: rules,
      overrides: [],
      taken,
      now,
      from: '2026-03-02',
      to: '2026-03-04',
    });
    expect(days[1].slots.filter((s) => !s.available).map((s) => s.start.toISOString())).toEqual([
      '2026-03-03T04:00:00.000Z',
    ]);
    expect(days[2].slots.filter((s) => !s.available).map((s) => s.start.toISOString())).toEqual([
      '2026-03-04T03:30:00.000Z',
    ]);
  });
});

describe('generateSlots: date overrides', () => {
  const rules = schedule({ weekly: { mon: [{ start: '09:00', end: '11:00' }] } });

  it('closes a day with an empty override', () => {
    expect(
      slotsOn(rules, '2026-03-02', { overrides: [{ date: '2026-03-02', intervals: [] }] }),
    ).toEqual([]);
    // Other Mondays are unaffected.
    expect(
      slotsOn(rules, '2026-03-09', { overrides: [{ date: '2026-03-02', intervals: [] }] }),
    ).toHaveLength(4);
  });

  it('replaces the weekly hours with custom hours', () => {
    const overrides = [{ date: '2026-03-02', intervals: [{ start: '15:00', end: '16:00' }] }];
    expect(localTimes(slotsOn(rules, '2026-03-02', { overrides }), 'Asia/Kolkata')).toEqual([
      '15:00',
      '15:30',
    ]);
  });

  it('opens a normally closed day', () => {
    const overrides = [{ date: '2026-03-07', intervals: [{ start: '10:00', end: '11:00' }] }];
    expect(localTimes(slotsOn(rules, '2026-03-07', { overrides }), 'Asia/Kolkata')).toEqual([
      '10:00',
      '10:30',
    ]);
  });
});

describe('checkSlot', () => {
  const zone = 'America/New_York';
  const rules = schedule({
    timezone: zone,
    bufferMinutes: 10,
    minNoticeMinutes: 60,
    maxAdvanceDays: 30,
    weekly: {
      mon: [{ start: '09:00', end: '12:00' }],
      sun: [{ start: '00:00', end: '04:00' }],
    },
  });
  const now = new Date('2026-10-26T12:00:00Z'); // Monday 08:00 EDT
  const at = (iso: string) => new Date(iso);

  it('accepts a generated slot and returns it', () => {
    const result = checkSlot(rules, [], at('2026-10-26T13:40:00Z'), now); // 09:40 EDT
    expect(result).toEqual({
      ok: true,
      slot: {
        date: '2026-10-26',
        start: at('2026-10-26T13:40:00Z'),
        end: at('2026-10-26T14:10:00Z'),
      },
    });
  });

  it('rejects misaligned instants, closed days and times outside hours', () => {
    expect(checkSlot(rules, [], at('2026-10-26T13:30:00Z'), now)).toEqual({
      ok: false,
      reason: 'not_a_slot',
    });
    expect(checkSlot(rules, [], at('2026-10-27T13:00:00Z'), now).ok).toBe(false); // Tuesday
    expect(checkSlot(rules, [], at('2026-10-26T16:20:00Z'), now).ok).toBe(false); // 12:20
    // Steps of 40 minutes: 11:00 ends at 11:30, but 11:40 would end at 12:10, after hours.
    expect(checkSlot(rules, [], at('2026-10-26T15:00:00Z'), now).ok).toBe(true);
    expect(checkSlot(rules, [], at('2026-10-26T15:40:00Z'), now).ok).toBe(false);
  });

  it('rejects a slot on a day off', () => {
    const overrides = [{ date: '2026-11-02', intervals: [] }];
    expect(checkSlot(rules, [], at('2026-11-02T14:00:00Z'), now).ok).toBe(true);
    expect(checkSlot(rules, overrides, at('2026-11-02T14:00:00Z'), now)).toEqual({
      ok: false,
      reason: 'not_a_slot',
    });
  });

  it('names past, min-notice, horizon and taken rejections', () => {
    expect(checkSlot(rules, [], at('2026-10-19T13:00:00Z'), now)).toMatchObject({
      ok: false,
      reason: 'past',
    });
    // 09:00 EDT is exactly when the notice of a caller at 08:00 ends: fine; at 08:01 too soon.
    expect(checkSlot(rules, [], at('2026-10-26T13:00:00Z'), now).ok).toBe(true);
    const minuteLater = new Date('2026-10-26T12:01:00Z');
    expect(checkSlot(rules, [], at('2026-10-26T13:00:00Z'), minuteLater)).toMatchObject({
      ok: false,
      reason: 'min_notice',
    });
    // Monday 2026-11-30 is beyond today + 30 days (2026-11-25); 2026-11-23 is inside.
    expect(checkSlot(rules, [], at('2026-11-30T14:00:00Z'), now)).toMatchObject({
      ok: false,
      reason: 'beyond_horizon',
    });
    expect(checkSlot(rules, [], at('2026-11-23T14:00:00Z'), now).ok).toBe(true);
    const taken = [{ start: at('2026-11-23T14:20:00Z'), end: at('2026-11-23T14:50:00Z') }];
    expect(checkSlot(rules, [], at('2026-11-23T14:00:00Z'), now, taken)).toMatchObject({
      ok: false,
      reason: 'taken',
    });
  });

  it('accepts both occurrences of a repeated fall-back hour', () => {
    // Sunday 2026-11-01 00:00 EDT to 04:00 EST in 40-minute steps of real time:
    // 00:00, 00:40, 01:20 EDT, then 01:00, 01:40, 02:20 EST ...
    const early = new Date('2026-10-25T00:00:00Z');
    expect(checkSlot(rules, [], at('2026-11-01T05:20:00Z'), early).ok).toBe(true); // 01:20 EDT
    expect(checkSlot(rules, [], at('2026-11-01T06:00:00Z'), early).ok).toBe(true); // 01:00 EST
    expect(checkSlot(rules, [], at('2026-11-01T06:40:00Z'), early).ok).toBe(true); // 01:40 EST
  });

  it('agrees with generateSlots on every instant of a DST week', () => {
    const early = new Date('2026-10-25T00:00:00Z');
    const taken = [{ start: at('2026-10-26T14:00:00Z'), end: at('2026-10-26T14:30:00Z') }];
    const days = generateSlots({
      schedule: rules,
      overrides: [{ date: '2026-10-27', intervals: [{ start: '10:00', end: '11:00' }] }],
      taken,
      now: early,
      from: '2026-10-25',
      to: '2026-11-02',
    });
    const listed = new Map(days.flatMap((d) => d.slots).map((s) => [s.start.getTime(), s]));
    expect(listed.size).toBeGreaterThan(20);
    const overrides = [{ date: '2026-10-27', intervals: [{ start: '10:00', end: '11:00' }] }];
    const { start, end } = localDateRangeToInstants('2026-10-25', '2026-11-02', zone);
    for (let t = start.getTime(); t < end.getTime(); t += 10 * 60_000) {
      const result = checkSlot(rules, overrides, new Date(t), early, taken);
      const slot = listed.get(t);
      expect({ t: new Date(t).toISOString(), ok: result.ok }).toEqual({
        t: new Date(t).toISOString(),
        ok: slot?.available ?? false,
      });
      if (slot) {
        expect(result.ok || result.reason !== 'not_a_slot').toBe(true);
      }
    }
  });
});

describe('wallTimeToInstant', () => {
  it('maps local wall times to the first instant showing them', () => {
    const ny = 'America/New_York';
    expect(wallTimeToInstant('2026-03-08', 150, ny).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(wallTimeToInstant('2026-03-08', 120, ny).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(wallTimeToInstant('2026-03-08', 180, ny).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(wallTimeToInstant('2026-11-01', 60, ny).toISOString()).toBe('2026-11-01T05:00:00.000Z');
    expect(wallTimeToInstant('2026-11-01', 120, ny).toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(wallTimeToInstant('2026-03-02', 1440, 'Asia/Kolkata').toISOString()).toBe(
      '2026-03-02T18:30:00.000Z',
    );
  });

  it('bounds a range of local dates by local midnights', () => {
    expect(localDateRangeToInstants('2026-03-08', '2026-03-08', 'America/New_York')).toEqual({
      start: new Date('2026-03-08T05:00:00Z'),
      end: new Date('2026-03-09T04:00:00Z'),
    });
  });
});
