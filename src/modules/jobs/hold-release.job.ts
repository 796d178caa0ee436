import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppointmentJobsService } from '../appointments/appointment-jobs.service';
import { PaymentReconciliationService } from '../payments/payment-reconciliation.service';
import { JobLeaseService } from './job-lease.service';
import { LeasedJob, type JobRun } from './leased-job';

export type HoldReleaseResult = JobRun<{ released: number }>;

export const HOLD_RELEASE_JOB = 'hold-release';

/** Cancels unpaid bookings whose hold lapsed, so their slots can be booked again. */
@Injectable()
export class HoldReleaseJob extends LeasedJob<{ released: number }> {
  constructor(
    leases: JobLeaseService,
    private readonly appointments: AppointmentJobsService,
    private readonly payments: PaymentReconciliationService,
  ) {
    super(leases, {
      name: HOLD_RELEASE_JOB,
      label: 'Hold release',
      idle: { released: 0 },
      summary: ({ released }) => (released > 0 ? `${released} lapsed hold(s) released` : null),
    });
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: HOLD_RELEASE_JOB })
  onSchedule(): Promise<void> {
    return this.scheduled();
  }

  protected async work(now: Date): Promise<{ released: number }> {
    // A session paid at the last moment confirms its booking instead of losing the slot.
    await this.payments.settleLapsedHolds(now);
    return { released: await this.appointments.releaseExpiredHolds(now) };
  }
}
