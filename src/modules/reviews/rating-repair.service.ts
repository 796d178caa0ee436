import { Injectable, Logger } from '@nestjs/common';
import { NO_RATINGS, type RatingTotals, type StarCounts } from '../doctors/domain/rating';
import { ReviewsRepository } from './reviews.repository';
import { DoctorRatingsService } from '../doctors/doctor-ratings.service';

export interface RatingRepairResult {
  doctors: number;
  /** Doctors whose stored counters differed from the recount. */
  drifted: string[];
  /** Aggregates rewritten (drift, or a score computed with another prior). */
  repaired: number;
}

const PAGE = 200;

/**
 * Recounts every doctor's aggregate from their published reviews and stores it where it
 * drifted (or where the score was computed with a prior since changed), reporting the drift.
 * The aggregate is kept exact by the review transactions; drift would mean a bug or a manual
 * write. The rewrite is conditional on the aggregate read, so it never undoes a review change
 * committed while the recount ran.
 */
@Injectable()
export class RatingRepairService {
  private readonly logger = new Logger(RatingRepairService.name);

  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly doctorRatings: DoctorRatingsService,
  ) {}

  async repairAll(): Promise<RatingRepairResult> {
    const result: RatingRepairResult = { doctors: 0, drifted: [], repaired: 0 };
    let after: string | null = null;
    for (;;) {
      const ids = await this.doctorRatings.doctorIdsAfter(after, PAGE);
      if (ids.length === 0) {
        break;
      }
      for (const id of ids) {
        const repair = await this.doctorRatings.repairRating(id, await this.recount(id));
        result.doctors += 1;
        if (repair.drift) {
          result.drifted.push(id);
          this.logger.warn(
            `Rating drift for doctor ${id}: stored ${repair.stored.count}/${repair.stored.sum}, ` +
              `recounted ${repair.recounted.count}/${repair.recounted.sum} (count/sum)` +
              (repair.repaired ? '; repaired' : '; changed meanwhile, left to the next run'),
          );
        }
        if (repair.repaired) {
          result.repaired += 1;
        }
      }
      after = ids[ids.length - 1];
    }
    return result;
  }

  private async recount(doctorId: string): Promise<RatingTotals> {
    const rows = await this.reviews.starsOfDoctor(doctorId);
    if (rows.length === 0) {
      return NO_RATINGS;
    }
    const stars: StarCounts = [0, 0, 0, 0, 0];
    for (const r of rows) {
      stars[r._id - 1] += r.n;
    }
    return {
      count: stars.reduce((a, n) => a + n, 0),
      sum: stars.reduce((a, n, i) => a + n * (i + 1), 0),
      stars,
    };
  }
}
