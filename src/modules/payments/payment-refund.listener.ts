import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  AppointmentEvents,
  type AppointmentCancelledEvent,
} from '../appointments/appointments.events';
import { OutboxService } from '../outbox/outbox.service';
import { RefundsService } from './refunds.service';

export const REFUND_HANDLER = 'payments.refund';

/**
 * A cancellation with a refund due by policy: execute it. The refund's key is derived from the
 * appointment, so however often the event arrives (redelivery, both transports) it is made once.
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

  // Cancellations are still announced in process until the appointments module publishes them
  // through the outbox; the refund key makes handling both harmless.
  @OnEvent(AppointmentEvents.Cancelled, { async: true, promisify: true })
  async onCancelled(event: AppointmentCancelledEvent): Promise<void> {
    await this.refunds.refundCancellation(event);
  }
}
