import { Injectable } from '@nestjs/common';
import {
  AppointmentAnalyticsService,
  toRangeDto,
  type DashboardQuery,
} from '../appointments/analytics/appointment-analytics.service';
import { roundAverage } from '../doctors/domain/rating';
import type {
  DoctorSatisfactionDto,
  PlatformSatisfactionDto,
  SatisfactionDoctorDto,
  SatisfactionDto,
} from './dto/satisfaction.dto';
import { ReviewsRepository } from './reviews.repository';
import { DoctorProfileService } from '../doctors/doctor-profile.service';
import { DoctorRatingsService } from '../doctors/doctor-ratings.service';

const RANKED = 5;

/** Patient-satisfaction figures for the dashboards: published reviews written in a range. */
@Injectable()
export class SatisfactionService {
  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly doctorProfiles: DoctorProfileService,
    private readonly doctorRatings: DoctorRatingsService,
    private readonly analytics: AppointmentAnalyticsService,
  ) {}

  /**
   * The doctor dashboard's panel: the rating on the profile, and the reviews written in the
   * range (local dates in the doctor's zone, resolved as the dashboard does).
   */
  async doctorPanel(
    doctorId: string,
    query: DashboardQuery,
    now: Date = new Date(),
  ): Promise<DoctorSatisfactionDto> {
    const profile = await this.doctorProfiles.getOwnProfile(doctorId);
    const range = this.analytics.resolveRange(query, profile.timezone, now);
    return {
      range: toRangeDto(range),
      current: profile.rating,
      inRange: await this.figures(range.start, range.end, doctorId),
    };
  }

  /** One doctor's figures (the doctor dashboard), or the platform's without ranking. */
  async figures(from: Date, to: Date, doctorId?: string): Promise<SatisfactionDto> {
    const [stars, months] = await Promise.all([
      this.reviews.starsInRange(from, to, doctorId).exec(),
      this.reviews.monthsInRange(from, to, doctorId),
    ]);
    const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    let count = 0;
    let sum = 0;
    for (const r of stars) {
      distribution[String(r._id) as keyof typeof distribution] += r.n;
      count += r.n;
      sum += r.n * r._id;
    }
    return {
      count,
      average: count > 0 ? roundAverage(sum / count) : 0,
      distribution,
      monthly: months.map((m) => ({
        month: m._id,
        count: m.count,
        average: roundAverage(m.sum / m.count),
      })),
    };
  }

  /** The admin dashboard's figures, with the most and least rated doctors of the range. */
  async platform(from: Date, to: Date): Promise<PlatformSatisfactionDto> {
    const [base, rows] = await Promise.all([
      this.figures(from, to),
      this.reviews.doctorsInRange(from, to),
    ]);
    const ranked = rows.map((r) => ({
      doctorId: r._id.toHexString(),
      count: r.count,
      average: r.sum / r.count,
    }));
    const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count;
    const most = [...ranked]
      .sort((a, b) => b.average - a.average || byCount(a, b))
      .slice(0, RANKED);
    const least = [...ranked]
      .sort((a, b) => a.average - b.average || byCount(a, b))
      .slice(0, RANKED);
    const names = await this.doctorRatings.namesByIds([...most, ...least].map((d) => d.doctorId));
    const dto = (d: (typeof ranked)[number]): SatisfactionDoctorDto => ({
      doctorId: d.doctorId,
      name: names.get(d.doctorId) ?? null,
      count: d.count,
      average: roundAverage(d.average),
    });
    return { ...base, mostRated: most.map(dto), leastRated: least.map(dto) };
  }
}
