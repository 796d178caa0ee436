import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { RatingRepairService, type RatingRepairResult } from '../reviews/rating-repair.service';
import { JobLeaseService } from './job-lease.service';

export interface RatingRepairJobResult {
  ran: boolean;
  result: RatingRepairResult | null;
}

export const RATING_REPAIR_JOB = 'rating-repair';

/**
 * Recounts the doctors' rating aggregates from the reviews nightly and reports drift (which the
 * review transactions should never leave); also re-scores after a change of the prior
 * (RATING_PRIOR_WEIGHT / RATING_PRIOR_MEAN).
 */
@Injectable()
export class RatingRepairJob {
  private readonly logger = new Logger(RatingRepairJob.name);

  constructor(
    private readonly leases: JobLeaseService,
    private readonly repair: RatingRepairService,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_3AM, { name: RATING_REPAIR_JOB })
  onSchedule(): Promise<void> {
    return this.leases.onSchedule('Rating repair', () => this.run());
  }

  async run(): Promise<RatingRepairJobResult> {
    const { ran, result } = await this.leases.runExclusive(RATING_REPAIR_JOB, () =>
      this.repair.repairAll(),
    );
    if (result) {
      const message =
        `Rating repair: ${result.doctors} doctor(s) recounted, ${result.drifted.length} ` +
        `drifted, ${result.repaired} rewritten`;
      if (result.drifted.length > 0) {
        this.logger.warn(message);
      } else {
        this.logger.log(message);
      }
    }
    return { ran, result: result ?? null };
  }
}
