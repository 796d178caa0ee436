import { DateTime } from 'luxon';

/**
 * Date ranges and calendar buckets of the dashboards. Pure (no clock, no I/O): the database
 * groups amounts by LOCAL day (`$dateToString` with the IANA zone), and this rolls the days up
 * into ISO weeks and calendar months, which needs no ISO-week operator on the server.
 */

export const DASHBOARD_LIMITS = {
  /** Longest `from..to` range (inclusive) a dashboard answers: a leap year. */
  maxRangeDays: 366,
  /** Default range: today - 90 days through today + 30 days (local dates). */
  defaultPastDays: 90,
  defaultFutureDays: 30,
} as const;

export interface DashboardRange {
  /** Inclusive local dates (YYYY-MM-DD) in `zone`. */
  from: string;
  to: string;
  zone: string;
  /** Half-open instant range [start, end) covering the local dates from..to. */
  start: Date;
  end: Date;
}

export type RangeProblem = 'reversed' | 'too_long';
export type RangeResult =
  { ok: true; range: DashboardRange } | { ok: false; problem: RangeProblem };

export interface DayAmount {
  /** Local date YYYY-MM-DD. */
  day: string;
  amount: number;
}

export interface WeekAmount {
  /** ISO week, e.g. 2026-W09. */
  week: string;
  /** Its Monday and Sunday (local dates). */
  start: string;
  end: string;
  amount: number;
}

export interface MonthAmount {
  /** YYYY-MM. */
  month: string;
  amount: number;
}

const utcDate = (date: string): DateTime => DateTime.fromISO(date, { zone: 'utc' });
const iso = (d: DateTime): string => d.toISODate() as string;

/** The first instant of a local date (Luxon moves a midnight inside a DST gap to the jump). */
export function startOfLocalDate(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).startOf('day').toJSDate();
}

/** Inclusive number of days of from..to (1 when equal, <= 0 when reversed). */
export function daysInclusive(from: string, to: string): number {
  return Math.round(utcDate(to).diff(utcDate(from), 'days').days) + 1;
}

/**
 * The range of a dashboard request: given dates, or the defaults around `now`'s local date in
 * `zone`; reversed and over-long ranges are problems for the caller to report.
 */
export function resolveDashboardRange(
  input: { from?: string; to?: string },
  zone: string,
  now: Date,
): RangeResult {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const from = input.from ?? iso(today.minus({ days: DASHBOARD_LIMITS.defaultPastDays }));
  const to = input.to ?? iso(today.plus({ days: DASHBOARD_LIMITS.defaultFutureDays }));
  const days = daysInclusive(from, to);
  if (days < 1) {
    return { ok: false, problem: 'reversed' };
  }
  if (days > DASHBOARD_LIMITS.maxRangeDays) {
    return { ok: false, problem: 'too_long' };
  }
  const dayAfter = iso(utcDate(to).plus({ days: 1 }));
  return {
    ok: true,
    range: {
      from,
      to,
      zone,
      start: startOfLocalDate(from, zone),
      end: startOfLocalDate(dayAfter, zone),
    },
  };
}

/** The ISO week of a local date, with its Monday and Sunday. */
export function isoWeekOf(date: string): Omit<WeekAmount, 'amount'> {
  const d = utcDate(date);
  const monday = d.startOf('week');
  return {
    week: `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`,
    start: iso(monday),
    end: iso(monday.plus({ days: 6 })),
  };
}

/**
 * Amounts per ISO week and per calendar month for every week / month overlapping from..to
 * (zeros included, so charts get a continuous axis). Days outside the range are ignored.
 */
export function rollUpDays(
  days: readonly DayAmount[],
  from: string,
  to: string,
): { weekly: WeekAmount[]; monthly: MonthAmount[] } {
  const weekly = new Map<string, WeekAmount>();
  for (let d = utcDate(from).startOf('week'); iso(d) <= to; d = d.plus({ weeks: 1 })) {
    const w = isoWeekOf(iso(d));
    weekly.set(w.week, { ...w, amount: 0 });
  }
  const monthly = new Map<string, MonthAmount>(
    monthsInRange(from, to).map((month) => [month, { month, amount: 0 }]),
  );
  for (const { day, amount } of days) {
    if (day < from || day > to) {
      continue;
    }
    const week = weekly.get(isoWeekOf(day).week);
    const month = monthly.get(day.slice(0, 7));
    if (week) {
      week.amount += amount;
    }
    if (month) {
      month.amount += amount;
    }
  }
  return { weekly: [...weekly.values()], monthly: [...monthly.values()] };
}

/** The calendar months (YYYY-MM) overlapping from..to, in order. */
export function monthsInRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = utcDate(from).startOf('month'); iso(m) <= to; m = m.plus({ months: 1 })) {
    out.push(iso(m).slice(0, 7));
  }
  return out;
}

/**
 * The zone to give the server's date operators. Fixed-offset names ('UTC', 'GMT') become an
 * offset ('+00:00'): offsets are accepted by every MongoDB-compatible server, those names are
 * not by all. Region zones are passed through.
 */
export function serverTimeZone(zone: string): string {
  const at = DateTime.fromMillis(0, { zone });
  return at.zone.isUniversal ? at.toFormat('ZZ') : zone;
}
