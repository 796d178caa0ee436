import { Injectable, Logger } from '@nestjs/common';
import { PaymentSettlementService } from './payment-settlement.service';
import { PaymentsRepository, type PaymentRecord } from './payments.repository';
import type { ProviderCharge } from './providers/provider-charge';
import { RazorpayGateway } from './providers/razorpay.gateway';
import { StripeGateway } from './providers/stripe.gateway';
import { RefundsService } from './refunds.service';

const BATCH = 100;
/** An attempt still open this long after it started is asked about. */
export const PENDING_TOO_LONG_MS = 15 * 60_000;
/** A refund not finished this long after its last attempt is attempted again. */
export const REFUND_RETRY_AFTER_MS = 5 * 60_000;

export interface ReconciliationResult {
  payments: number;
  refunds: number;
}

/**
 * Asks the providers about what their webhooks may not have told us (lost or delayed
 * deliveries), and applies the answers through the same settlement as the webhooks.
 */
@Injectable()
export class PaymentReconciliationService {
  private readonly logger = new Logger(PaymentReconciliationService.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly settlement: PaymentSettlementService,
    private readonly refunds: RefundsService,
    private readonly stripe: StripeGateway,
    private readonly razorpay: RazorpayGateway,
  ) {}

  /**
   * Before lapsed holds are released: an open Stripe session is expired first so it can no
   * longer be paid, and if it was completed meanwhile it counts as paid (the booking is then
   * confirmed, not released). Razorpay orders cannot be expired; a captured payment counts.
   */
  async settleLapsedHolds(now: Date = new Date()): Promise<number> {
    const open = await this.payments.findOpenWithLapsedHold(now, BATCH);
    let settled = 0;
    for (const p of open) {
      const charge = await this.ask(p, { expire: true });
      // A Stripe session still open means the expiry did not go through: ask again next run.
      // A Razorpay order cannot be expired, so it counts as expired here; if it is paid later,
      // the payment moves on to succeeded and, its hold gone, is refunded.
      if (!charge || (charge.state === 'open' && p.provider !== 'razorpay')) {
        continue;
      }
      await this.settlement.applyCharge(
        p,
        charge.state === 'open' ? { ...charge, state: 'expired' } : charge,
      );
      settled += 1;
    }
    return settled;
  }

  /** Payments pending too long and refunds unfinished too long. */
  async reconcile(now: Date = new Date()): Promise<ReconciliationResult> {
    const open = await this.payments.findOpenCreatedBefore(
      new Date(now.getTime() - PENDING_TOO_LONG_MS),
      BATCH,
    );
    let payments = 0;
    for (const p of open) {
      const charge = await this.ask(p, { expire: false });
      if (charge && charge.state !== 'open') {
        const outcome = await this.settlement.applyCharge(p, charge);
        if (outcome !== 'unchanged') {
          payments += 1;
        }
      }
    }
    const refunds = await this.refunds.retryUnfinished(
      new Date(now.getTime() - REFUND_RETRY_AFTER_MS),
      now,
    );
    return { payments, refunds };
  }

  private async ask(
    p: PaymentRecord,
    options: { expire: boolean },
  ): Promise<ProviderCharge | null> {
    if (!p.providerRef) {
      return null;
    }
    try {
      if (p.provider === 'stripe') {
        return options.expire
          ? await this.stripe.expireSession(p.providerRef)
          : await this.stripe.getSession(p.providerRef);
      }
      if (p.provider === 'razorpay') {
        return await this.razorpay.getOrderCharge(p.providerRef);
      }
      return null;
    } catch (err) {
      // The next run asks again.
      this.logger.warn(`Could not ask ${p.provider} about ${p._id.toHexString()}: ${String(err)}`);
      return null;
    }
  }
}
