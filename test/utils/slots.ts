const HALF_HOUR_MS = 30 * 60_000;

/**
 * The first half-hour boundary at least `hours` after `now`: a slot of a round-the-clock
 * schedule of 30-minute slots (what the test doctors have).
 */
export function slotAfter(hours: number, now: Date = new Date()): Date {
  const earliest = now.getTime() + hours * 3_600_000;
  return new Date(Math.ceil(earliest / HALF_HOUR_MS) * HALF_HOUR_MS);
}
