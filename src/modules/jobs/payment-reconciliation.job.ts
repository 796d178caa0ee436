import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
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
  ) {}

  @Cron(CronExpression.EVERY_5_MINUTES, { name: PAYMENT_RECONCILIATION_JOB })
  onSchedule(): Promise<void> {
    return this.leases.onSchedule('Payment reconciliation', () => this.run());
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
