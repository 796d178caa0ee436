import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config';
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
    private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: HOLD_RELEASE_JOB })
  async onSchedule(): Promise<void> {
    if (!this.config.JOBS_ENABLED) {
      return;
    }
    try {
      await this.run();
    } catch (err) {
      this.logger.error(`Hold release failed: ${err instanceof Error ? err.stack : String(err)}`);
    }
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
