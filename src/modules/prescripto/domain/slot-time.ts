import { DateTime } from 'luxon';

/**
 * Prescripto's slot notation: `slotDate` "d_m_yyyy" (unpadded, month 1-based) and `slotTime` as
 * the browser's `toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })`, which depends
 * on the browser's locale ("10:30 AM", "10:30 am", "10:30 a.m.", "14:00"). Both are read as a
 * wall-clock time in the doctor's zone.
 */

const SLOT_DATE = /^(\d{1,2})_(\d{1,2})_(\d{4})$/;
// Hours and minutes, optional seconds, then an optional AM/PM marker in the spellings locales
// use ("AM", "am", "a.m."), separated by any kind of space (ICU uses U+202F in some versions).
const SLOT_TIME = /^(\d{1,2})[:.](\d{2})(?::\d{2})?[\s\u202f\u00a0]*(?:([ap])\.?\s?m\.?)?$/i;

/** The instant of `slotDate` + `slotTime` in `zone`; null when either is malformed or the wall time does not exist there. */
export function parseSlot(slotDate: string, slotTime: string, zone: string): Date | null {
  const d = SLOT_DATE.exec(slotDate.trim());
  const t = SLOT_TIME.exec(slotTime.trim());
  if (!d || !t) {
    return null;
  }
  let hour = Number(t[1]);
  const minute = Number(t[2]);
  const marker = t[3]?.toLowerCase();
  if (marker) {
    if (hour < 1 || hour > 12) {
      return null;
    }
    hour = (hour % 12) + (marker === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) {
    return null;
  }
  const local = DateTime.fromObject(
    { day: Number(d[1]), month: Number(d[2]), year: Number(d[3]), hour, minute },
    { zone },
  );
  // Luxon moves a wall time inside a DST gap forward; such a time is not a slot.
  if (
    !local.isValid ||
    local.hour !== hour ||
    local.minute !== minute ||
    local.day !== Number(d[1])
  ) {
    return null;
  }
  return local.toJSDate();
}

/** "d_m_yyyy" of an instant in `zone`. */
export function slotDateOf(at: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  return `${local.day}_${local.month}_${local.year}`;
}

/** The time as en-US browsers write it ("01:00 PM"): what the clients show. */
export function slotTimeOf(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('hh:mm a', { locale: 'en-US' });
}

/**
 * The spellings of one time that browsers in common locales produce, so the patient app's
 * `slots_booked[date].includes(slotTime)` finds a taken slot whatever the browser's locale:
 * "01:00 PM" (en-US), "01:00\u202fPM" (ICU versions with a narrow space), "01:00 pm" (en-IN),
 * "13:00" (en-GB and most of Europe).
 */
export function slotTimeSpellings(at: Date, zone: string): string[] {
  const local = DateTime.fromJSDate(at, { zone });
  const twelve = local.toFormat('hh:mm', { locale: 'en-US' });
  const marker = local.hour < 12 ? 'AM' : 'PM';
  return [
    `${twelve} ${marker}`,
    `${twelve}\u202f${marker}`,
    `${twelve} ${marker.toLowerCase()}`,
    local.toFormat('HH:mm'),
  ];
}
