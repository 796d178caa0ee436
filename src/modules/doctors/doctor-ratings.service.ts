import type { ClientSession } from 'mongoose';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { doctorNotFound } from './doctor-records';
import { DoctorsRepository } from './doctors.repository';
import {
  averageOf,
  isZeroDelta,
  scoreOf,
  type RatingDelta,
  type RatingPrior,
  type RatingTotals,
} from './domain/rating';

/** What the rating repair found for one doctor. */
export interface RatingRepair {
  doctorId: string;
  /** The stored counters differed from the recount. */
  drift: boolean;
  /** The recount was stored (false when a concurrent review change won; the next run retries). */
  repaired: boolean;
  stored: RatingTotals;
  recounted: RatingTotals;
}

/** The doctors' rating aggregates, owned here and moved only by the reviews module's calls. */
@Injectable()
export class DoctorRatingsService {
  constructor(
    private readonly doctors: DoctorsRepository,
    private readonly config: AppConfig,
  ) {}

  /** The prior of the fair score (RATING_PRIOR_WEIGHT pseudo-ratings of RATING_PRIOR_MEAN). */
  ratingPrior(): RatingPrior {
    return { weight: this.config.RATING_PRIOR_WEIGHT, mean: this.config.RATING_PRIOR_MEAN };
  }

  /**
   * Applies a review change to the doctor's rating aggregate in the reviews module's
   * transaction (`$inc`, then average and score from the new totals), so the aggregate commits
   * with the review change or not at all and concurrent changes never overwrite each other.
   */
  async applyRatingDelta(
    doctorId: string,
    delta: RatingDelta,
    session: ClientSession,
  ): Promise<void> {
    if (isZeroDelta(delta)) {
      return;
    }
    if (!(await this.doctors.applyRatingDelta(doctorId, delta, this.ratingPrior(), session))) {
      throw doctorNotFound();
    }
  }

  /**
   * Repair job: compares the stored aggregate with `totals` (recounted from the reviews) and,
   * when they differ or the score was computed with another prior, stores the recount. The write
   * is conditional on the aggregate read, so a review change committed meanwhile is never
   * overwritten (that doctor is repaired on the next run). Returns the drift found.
   */
  async repairRating(doctorId: string, totals: RatingTotals): Promise<RatingRepair> {
    const stored = await this.doctors.findRating(doctorId);
    const storedTotals: RatingTotals = {
      count: stored?.count ?? 0,
      sum: stored?.sum ?? 0,
      stars: [
        stored?.star1 ?? 0,
        stored?.star2 ?? 0,
        stored?.star3 ?? 0,
        stored?.star4 ?? 0,
        stored?.star5 ?? 0,
      ],
    };
    const prior = this.ratingPrior();
    const drift =
      storedTotals.count !== totals.count ||
      storedTotals.sum !== totals.sum ||
      storedTotals.stars.some((n, i) => n !== totals.stars[i]);
    const rescore =
      !stored ||
      Math.abs((stored.score ?? 0) - scoreOf(totals, prior)) > 1e-9 ||
      Math.abs((stored.average ?? 0) - averageOf(totals)) > 1e-9;
    let repaired = false;
    if (drift || rescore) {
      repaired = await this.doctors.replaceRating(doctorId, stored, totals, prior);
    }
    return { doctorId, drift, repaired, stored: storedTotals, recounted: totals };
  }

  /** Doctor ids in _id order after `after`, `limit` at a time (repair job). */
  doctorIdsAfter(after: string | null, limit: number): Promise<string[]> {
    return this.doctors.idsAfter(after, limit);
  }

  /** Names of any doctors (listed or not), for dashboards. */
  namesByIds(ids: string[]): Promise<Map<string, string>> {
    return this.doctors.namesByIds([...new Set(ids)]);
  }
}
