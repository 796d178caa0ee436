import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import {
  PaymentReconciliationService,
  type ReconciliationResult,
} from '../payments/payment-reconciliation.service';
import { JobLeaseService } from './job-lease.service';
import { LeasedJob } from './leased-job';

export const PAYMENT_RECONCILIATION_JOB = 'payment-reconciliation';

/** Asks the providers about payments and refunds pending too long (lost webhooks, crashes). */
@Injectable()
export class PaymentReconciliationJob extends LeasedJob<ReconciliationResult> {
  constructor(
    leases: JobLeaseService,
    private readonly reconciliation: PaymentReconciliationService,
  ) {
    super(leases, {
      name: PAYMENT_RECONCILIATION_JOB,
      label: 'Payment reconciliation',
      idle: { payments: 0, refunds: 0 },
      summary: ({ payments, refunds }) =>
        payments + refunds > 0 ? `${payments} payment(s), ${refunds} refund(s) settled` : null,
    });
  }

  @Cron(CronExpression.EVERY_5_MINUTES, { name: PAYMENT_RECONCILIATION_JOB })
  onSchedule(): Promise<void> {
    return this.scheduled();
  }

  protected work(now: Date): Promise<ReconciliationResult> {
    return this.reconciliation.reconcile(now);
  }
}
