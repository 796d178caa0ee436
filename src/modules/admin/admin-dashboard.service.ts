import { Injectable } from '@nestjs/common';
import {
  AppointmentAnalyticsService,
  toRangeDto,
  type DashboardQuery,
} from '../appointments/analytics/appointment-analytics.service';
import { AvailabilityService } from '../availability/availability.service';
import { SatisfactionService } from '../reviews/satisfaction.service';
import { AccountStatus } from '../users/domain/account-status';
import { UserAdministrationService } from '../users/user-administration.service';
import type { AdminDashboardDto, UtilisationDto } from './dto/admin-dashboard.dto';
import { DoctorAdministrationService } from '../doctors/doctor-administration.service';

/** Platform figures are for UTC dates: the platform spans zones and has no single local day. */
const PLATFORM_ZONE = 'UTC';
/**
 * Utilisation generates every listed doctor's slots for the range (a few ms per doctor-year);
 * past this many doctors it should be precomputed by a job instead.
 */
export const MAX_UTILISATION_DOCTORS = 2000;
const SLOT_COUNT_CONCURRENCY = 8;

/** The admin dashboard: composes the exported services of the modules that own each figure. */
@Injectable()
export class AdminDashboardService {
  constructor(
    private readonly analytics: AppointmentAnalyticsService,
    private readonly doctorAdmin: DoctorAdministrationService,
    private readonly users: UserAdministrationService,
    private readonly availability: AvailabilityService,
    private readonly satisfaction: SatisfactionService,
  ) {}

  async dashboard(query: DashboardQuery, now: Date = new Date()): Promise<AdminDashboardDto> {
    const range = this.analytics.resolveRange(query, PLATFORM_ZONE, now);
    const [stats, doctors, patients, activePatients, calendars, satisfaction] = await Promise.all([
      this.analytics.platformStats(range),
      this.doctorAdmin.countProfiles(),
      this.users.countPatients(),
      this.users.countPatients(AccountStatus.Active),
      this.doctorAdmin.listedCalendars(MAX_UTILISATION_DOCTORS),
      this.satisfaction.platform(range.start, range.end),
    ]);
    const offered = await mapWithConcurrency(calendars, SLOT_COUNT_CONCURRENCY, (c) =>
      this.availability.countOfferedSlots(c.id, c.timezone, range.start, range.end),
    );
    const offeredSlots = offered.reduce((sum, n) => sum + n, 0);
    const bookedSlots = calendars.reduce(
      (sum, c) => sum + (stats.bookedByDoctor.get(c.id) ?? 0),
      0,
    );
    const utilisation: UtilisationDto = {
      doctors: calendars.length,
      offeredSlots,
      bookedSlots,
      rate: offeredSlots > 0 ? Math.round((bookedSlots / offeredSlots) * 10_000) / 10_000 : null,
    };
    return {
      range: toRangeDto(range),
      doctors,
      patients: { total: patients, active: activePatients },
      appointments: stats.appointments,
      revenue: stats.revenue,
      monthly: stats.monthly,
      specialities: stats.specialities,
      topDoctors: stats.topDoctors,
      utilisation,
      latest: stats.latest,
      satisfaction,
    };
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
