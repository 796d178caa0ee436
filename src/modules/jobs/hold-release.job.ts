import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppointmentJobsService } from '../appointments/appointment-jobs.service';
import { PaymentReconciliationService } from '../payments/payment-reconciliation.service';
import { JobLeaseService } from './job-lease.service';

export interface HoldReleaseResult {
  ran: boolean;
  released: number;
}

export const HOLD_RELEASE_JOB = 'hold-release';

/** Cancels unpaid bookings whose hold lapsed, so their slots can be booked again. */
@Injectable()
export class HoldReleaseJob {
  private readonly logger = new Logger(HoldReleaseJob.name);

  constructor(
    private readonly leases: JobLeaseService,
    private readonly appointments: AppointmentJobsService,
    private readonly payments: PaymentReconciliationService,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: HOLD_RELEASE_JOB })
  onSchedule(): Promise<void> {
    return this.leases.onSchedule('Hold release', () => this.run());
  }

  async run(now: Date = new Date()): Promise<HoldReleaseResult> {
    const { ran, result } = await this.leases.runExclusive(HOLD_RELEASE_JOB, async () => {
      // A session paid at the last moment confirms its booking instead of losing the slot.
      await this.payments.settleLapsedHolds(now);
      return this.appointments.releaseExpiredHolds(now);
    });
    const released = result ?? 0;
    if (released > 0) {
      this.logger.log(`Hold release: ${released} lapsed hold(s) released`);
    }
    return { ran, released };
  }
}
