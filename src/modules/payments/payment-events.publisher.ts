import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { OutboxService } from '../outbox/outbox.service';
import {
  PaymentEvents,
  type PaymentFailedEvent,
  type PaymentRefundFailedEvent,
  type PaymentRefundedEvent,
  type PaymentSucceededEvent,
  type PaymentUnappliedEvent,
} from './payments.events';

/**
 * Publishes payment events through the outbox, in the transaction of the change they describe:
 * a patient told of a refund, or of a payment that came too late, must never be forgotten.
 */
@Injectable()
export class PaymentEventsPublisher {
  constructor(private readonly outbox: OutboxService) {}

  succeeded(session: ClientSession, event: PaymentSucceededEvent): Promise<void> {
    return this.outbox.publish(session, PaymentEvents.Succeeded, event, {
      key: `${PaymentEvents.Succeeded}:${event.paymentId}`,
    });
  }

  unapplied(session: ClientSession, event: PaymentUnappliedEvent): Promise<void> {
    return this.outbox.publish(session, PaymentEvents.Unapplied, event, {
      key: `${PaymentEvents.Unapplied}:${event.paymentId}`,
    });
  }

  failed(session: ClientSession, event: PaymentFailedEvent): Promise<void> {
    return this.outbox.publish(session, PaymentEvents.Failed, event, {
      key: `${PaymentEvents.Failed}:${event.paymentId}`,
    });
  }

  /** Once per refund, however often it fails: admins need to hear of it, not of every retry. */
  refundFailed(session: ClientSession, event: PaymentRefundFailedEvent): Promise<void> {
    return this.outbox.publish(session, PaymentEvents.RefundFailed, event, {
      key: `${PaymentEvents.RefundFailed}:${event.refundId}`,
    });
  }

  refunded(session: ClientSession, event: PaymentRefundedEvent): Promise<void> {
    return this.outbox.publish(session, PaymentEvents.Refunded, event, {
      key: `${PaymentEvents.Refunded}:${event.refundId}`,
    });
  }
}
