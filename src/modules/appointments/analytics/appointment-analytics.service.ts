import { Injectable } from '@nestjs/common';

import { DoctorsService } from '../../doctors/doctors.service';
import { toAppointmentResponse } from '../appointment.mapper';
import { AppointmentStatus } from '../domain/appointment-status';
import type { AppointmentResponseDto } from '../dto/appointment-response.dto';
import { AppointmentAnalyticsErrorCode, analyticsError } from './appointment-analytics.errors';
import {
  AppointmentAnalyticsRepository,
  type DoctorRow,
  type StatusCountRow,
} from './appointment-analytics.repository';
import {
  DASHBOARD_LIMITS,
  monthsInRange,
  resolveDashboardRange,
  rollUpDays,
  type DashboardRange,
} from './domain/dashboard-period';
import type {
  AppointmentStatusCountsDto,
  CurrencyEarningsDto,
  DashboardRangeDto,
  DoctorDashboardDto,
  MoneyAmountDto,
} from './dto/dashboard-response.dto';
import type { MonthlyTrendDto, SpecialityStatsDto, TopDoctorDto } from './dto/platform-stats.dto';

export interface DashboardQuery {
  /** YYYY-MM-DD, already validated. */
  from?: string;
  to?: string;
}

/** Appointment figures of the whole platform for a range (the admin dashboard's share). */
export interface PlatformAppointmentStats {
  appointments: AppointmentStatusCountsDto;
  revenue: MoneyAmountDto[];
  monthly: MonthlyTrendDto[];
  specialities: SpecialityStatsDto[];
  topDoctors: TopDoctorDto[];
  latest: AppointmentResponseDto[];
  /** Per doctor id: appointments that hold or used a slot (every status but cancelled). */
  bookedByDoctor: Map<string, number>;
}

export const TOP_DOCTORS = 5;

/** Dashboards' appointment figures, each computed by one indexed aggregation. */
@Injectable()
export class AppointmentAnalyticsService {
  constructor(
    private readonly analytics: AppointmentAnalyticsRepository,
    private readonly doctors: DoctorsService,
  ) {}

  /** The dashboard range for local dates in `zone`; 400 when reversed or too long. */
  resolveRange(query: DashboardQuery, zone: string, now: Date = new Date()): DashboardRange {
    const result = resolveDashboardRange(query, zone, now);
    if (result.ok) {
      return result.range;
    }
    if (result.problem === 'reversed') {
      throw analyticsError(
        AppointmentAnalyticsErrorCode.InvalidDateRange,
        'from must not be after to',
      );
    }
    throw analyticsError(
      AppointmentAnalyticsErrorCode.DateRangeTooLong,
      `The range may span at most ${DASHBOARD_LIMITS.maxRangeDays} days`,
    );
  }

  /** The doctor's own dashboard; dates and buckets are local to the doctor's time zone. */
  async doctorDashboard(
    doctorId: string,
    query: DashboardQuery,
    now: Date = new Date(),
  ): Promise<DoctorDashboardDto> {
    const doctor = await this.doctors.getBookingSnapshot(doctorId);
    const range = this.resolveRange(query, doctor.timezone, now);
    const facets = await this.analytics.doctorDashboard(
      doctorId,
      range.start,
      range.end,
      range.zone,
    );
    const byCurrency = new Map<string, Array<{ day: string; amount: number }>>([
      [doctor.fee.currency, []],
    ]);
    for (const row of facets.earningsByDay) {
      const days = byCurrency.get(row._id.currency) ?? [];
      days.push({ day: row._id.day, amount: row.amount });
      byCurrency.set(row._id.currency, days);
    }
    const earnings: CurrencyEarningsDto[] = [...byCurrency.entries()]
      .sort(([a], [b]) => currencyOrder(a, b, doctor.fee.currency))
      .map(([currency, days]) => ({
        currency,
        amount: days.reduce((sum, d) => sum + d.amount, 0),
        ...rollUpDays(days, range.from, range.to),
      }));
    return {
      range: toRangeDto(range),
      appointments: toStatusCounts(facets.byStatus),
      patients: facets.patients[0]?.n ?? 0,
      earnings,
      latest: facets.latest.map(toAppointmentResponse),
    };
  }

  /** Platform-wide appointment figures for a range; months are calendar months in its zone. */
  async platformStats(range: DashboardRange): Promise<PlatformAppointmentStats> {
    const facets = await this.analytics.platform(range.start, range.end, range.zone);

    const months = new Map<string, MonthlyTrendDto>(
      monthsInRange(range.from, range.to).map((month) => [
        month,
        { month, appointments: 0, completed: 0, revenue: [] },
      ]),
    );
    const revenue = new Map<string, number>();
    for (const row of facets.monthly) {
      const month = months.get(row._id.month);
      if (month) {
        month.appointments += row.appointments;
        month.completed += row.completed;
        if (row.amount > 0) {
          month.revenue.push({ amount: row.amount, currency: row._id.currency });
        }
      }
      if (row.amount > 0) {
        revenue.set(row._id.currency, (revenue.get(row._id.currency) ?? 0) + row.amount);
      }
    }
    for (const month of months.values()) {
      month.revenue.sort(byCurrency);
    }

    const specialities: SpecialityStatsDto[] = facets.specialities
      .map((s) => ({
        speciality: s._id,
        specialityName: s.name || s._id,
        appointments: s.appointments,
        completed: s.completed,
      }))
      .sort((a, b) => b.appointments - a.appointments || a.speciality.localeCompare(b.speciality));

    return {
      appointments: toStatusCounts(facets.byStatus),
      revenue: toMoneyList(revenue),
      monthly: [...months.values()],
      specialities,
      ...perDoctor(facets.perDoctor),
      latest: facets.latest.map(toAppointmentResponse),
    };
  }
}

/**
 * Rows are per (doctor, currency); a doctor normally has one. Ranked by completed appointments,
 * then revenue (summed over currencies, which only matters for a doctor who changed currency),
 * then id for a stable order.
 */
function perDoctor(
  rows: DoctorRow[],
): Pick<PlatformAppointmentStats, 'topDoctors' | 'bookedByDoctor'> {
  const doctors = new Map<string, TopDoctorDto & { total: number }>();
  const booked = new Map<string, number>();
  for (const row of rows) {
    const id = row._id.doctorId.toHexString();
    booked.set(id, (booked.get(id) ?? 0) + row.booked);
    const d = doctors.get(id) ?? {
      doctorId: id,
      name: row.name,
      speciality: row.speciality,
      completed: 0,
      appointments: 0,
      revenue: [],
      total: 0,
    };
    d.completed += row.completed;
    d.appointments += row.appointments;
    d.total += row.amount;
    if (row.amount > 0) {
      d.revenue.push({ amount: row.amount, currency: row._id.currency });
    }
    doctors.set(id, d);
  }
  const topDoctors = [...doctors.values()]
    .sort(
      (a, b) =>
        b.completed - a.completed || b.total - a.total || a.doctorId.localeCompare(b.doctorId),
    )
    .slice(0, TOP_DOCTORS)
    .map(({ total: _total, ...d }) => ({ ...d, revenue: d.revenue.sort(byCurrency) }));
  return { topDoctors, bookedByDoctor: booked };
}

function toStatusCounts(rows: StatusCountRow[]): AppointmentStatusCountsDto {
  const count = (status: AppointmentStatus) => rows.find((r) => r._id === status)?.count ?? 0;
  return {
    total: rows.reduce((sum, r) => sum + r.count, 0),
    pending: count(AppointmentStatus.Pending),
    confirmed: count(AppointmentStatus.Confirmed),
    completed: count(AppointmentStatus.Completed),
    noShow: count(AppointmentStatus.NoShow),
    cancelled: count(AppointmentStatus.Cancelled),
  };
}

export function toRangeDto(range: DashboardRange): DashboardRangeDto {
  return {
    from: range.from,
    to: range.to,
    timezone: range.zone,
    start: range.start.toISOString(),
    end: range.end.toISOString(),
  };
}

const byCurrency = (a: MoneyAmountDto, b: MoneyAmountDto): number =>
  a.currency.localeCompare(b.currency);

const toMoneyList = (amounts: Map<string, number>): MoneyAmountDto[] =>
  [...amounts.entries()].map(([currency, amount]) => ({ amount, currency })).sort(byCurrency);

/** `first` (the doctor's current currency) leads; the others follow alphabetically. */
const currencyOrder = (a: string, b: string, first: string): number =>
  a === first ? -1 : b === first ? 1 : a.localeCompare(b);
