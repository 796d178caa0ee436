import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config';
import {
  PaymentReconciliationService,
  type ReconciliationResult,
} from '../payments/payment-reconciliation.service';
import { JobLeaseService } from './job-lease.service';

export const PAYMENT_RECONCILIATION_JOB = 'payment-reconciliation';

/** Asks the providers about payments and refunds pending too long (lost webhooks, crashes). */
@Injectable()
export class PaymentReconciliationJob {
  private readonly logger = new Logger(PaymentReconciliationJob.name);

  constructor(
    private readonly leases: JobLeaseService,
    private readonly reconciliation: PaymentReconciliationService,
    private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_5_MINUTES, { name: PAYMENT_RECONCILIATION_JOB })
  async onSchedule(): Promise<void> {
    if (!this.config.JOBS_ENABLED) {
      return;
    }
    try {
      await this.run();
    } catch (err) {
      this.logger.error(
        `Payment reconciliation failed: ${err instanceof Error ? err.stack : String(err)}`,
      );
    }
  }

  async run(now: Date = new Date()): Promise<{ ran: boolean } & ReconciliationResult> {
    const { ran, result } = await this.leases.runExclusive(PAYMENT_RECONCILIATION_JOB, () =>
      this.reconciliation.reconcile(now),
    );
    const out = result ?? { payments: 0, refunds: 0 };
    if (out.payments + out.refunds > 0) {
      this.logger.log(
        `Payment reconciliation: ${out.payments} payment(s), ${out.refunds} refund(s) settled`,
      );
    }
    return { ran, ...out };
  }
}
