import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppointmentEvents } from '../appointments/appointments.events';
import { OutboxService } from '../outbox/outbox.service';
import { RefundsService } from './refunds.service';

export const REFUND_HANDLER = 'payments.refund';

/**
 * A cancellation with a refund due by policy: execute it. The refund's key is derived from the
 * appointment, so however often the event is delivered the refund is made once; a provider
 * failure leaves a recorded refund that the reconciliation job retries.
 */
@Injectable()
export class PaymentRefundListener implements OnModuleInit {
  constructor(
    private readonly refunds: RefundsService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe(AppointmentEvents.Cancelled, REFUND_HANDLER, async (event) => {
      await this.refunds.refundCancellation(event);
    });
  }
}
