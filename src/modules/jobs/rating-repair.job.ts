import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { RatingRepairService, type RatingRepairResult } from '../reviews/rating-repair.service';
import { JobLeaseService } from './job-lease.service';
import { LeasedJob, type JobRun } from './leased-job';

export type RatingRepairJobResult = JobRun<RatingRepairResult>;

export const RATING_REPAIR_JOB = 'rating-repair';

/**
 * Recounts the doctors' rating aggregates from the reviews nightly and reports drift (which the
 * review transactions should never leave); also re-scores after a change of the prior
 * (RATING_PRIOR_WEIGHT / RATING_PRIOR_MEAN).
 */
@Injectable()
export class RatingRepairJob extends LeasedJob<RatingRepairResult> {
  constructor(
    leases: JobLeaseService,
    private readonly repair: RatingRepairService,
  ) {
    super(leases, {
      name: RATING_REPAIR_JOB,
      label: 'Rating repair',
      idle: { doctors: 0, drifted: [], repaired: 0 },
      summary: (r) =>
        `${r.doctors} doctor(s) recounted, ${r.drifted.length} drifted, ${r.repaired} rewritten`,
      alarming: (r) => r.drifted.length > 0,
    });
  }

  @Cron(CronExpression.EVERY_DAY_AT_3AM, { name: RATING_REPAIR_JOB })
  onSchedule(): Promise<void> {
    return this.scheduled();
  }

  protected work(): Promise<RatingRepairResult> {
    return this.repair.repairAll();
  }
}
