import { parseSlot, slotDateOf, slotTimeOf, slotTimeSpellings } from './slot-time';

const IST = 'Asia/Kolkata';

describe('Prescripto slot notation', () => {
  it.each([
    ['10:30 AM', '2026-12-03T05:00:00.000Z'],
    ['10:30 am', '2026-12-03T05:00:00.000Z'],
    ['10:30\u202fAM', '2026-12-03T05:00:00.000Z'],
    ['10:30 a.m.', '2026-12-03T05:00:00.000Z'],
    ['01:00 PM', '2026-12-03T07:30:00.000Z'],
    ['1:00 pm', '2026-12-03T07:30:00.000Z'],
    ['13:00', '2026-12-03T07:30:00.000Z'],
    ['12:00 PM', '2026-12-03T06:30:00.000Z'],
    ['12:30 AM', '2026-12-02T19:00:00.000Z'],
  ])('reads %s on 3_12_2026 in the doctor zone', (time, iso) => {
    expect(parseSlot('3_12_2026', time, IST)?.toISOString()).toBe(iso);
  });

  it.each([
    ['3_13_2026', '10:00 AM'],
    ['31_2_2026', '10:00 AM'],
    ['2026-12-03', '10:00 AM'],
    ['3_12_2026', '13:00 PM'],
    ['3_12_2026', '24:00'],
    ['3_12_2026', 'ten'],
    ['3_12_2026', '10:60'],
  ])('refuses %s %s', (date, time) => {
    expect(parseSlot(date, time, IST)).toBeNull();
  });

  it('refuses a wall time inside a DST gap', () => {
    expect(parseSlot('8_3_2026', '02:30', 'America/New_York')).toBeNull();
  });

  it('writes dates unpadded and times as en-US browsers do, with every common spelling', () => {
    const at = new Date('2026-03-09T07:30:00.000Z');
    expect(slotDateOf(at, IST)).toBe('9_3_2026');
    expect(slotTimeOf(at, IST)).toBe('01:00 PM');
    expect(slotTimeSpellings(at, IST)).toEqual(['01:00 PM', '01:00\u202fPM', '01:00 pm', '13:00']);
  });
});
