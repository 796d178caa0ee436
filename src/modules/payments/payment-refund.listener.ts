import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  AppointmentEvents,
  type AppointmentCancelledEvent,
} from '../appointments/appointments.events';
import { RefundsService } from './refunds.service';

/** A cancellation with a refund due by policy: execute it, once. */
@Injectable()
export class PaymentRefundListener {
  constructor(private readonly refunds: RefundsService) {}

  @OnEvent(AppointmentEvents.Cancelled, { async: true, promisify: true })
  async onCancelled(event: AppointmentCancelledEvent): Promise<void> {
    await this.refunds.refundCancellation(event);
  }
}
