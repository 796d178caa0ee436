import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import type { DomainEventMap } from '../../common/events/domain-events';
import type { ActorRole } from '../../common/auth/actor-role';
import { OutboxService } from '../outbox/outbox.service';
import {
  AppointmentEvents,
  type AppointmentActor,
  type AppointmentBookedEvent,
  type AppointmentCancelledEvent,
  type AppointmentCompletedEvent,
  type AppointmentConfirmedEvent,
  type AppointmentEventBase,
  type AppointmentEventName,
  type AppointmentNoShowEvent,
  type AppointmentReminderDueEvent,
  type AppointmentRescheduledEvent,
} from './appointments.events';
import type { AppointmentRecord } from './appointments.repository';

export const actor = (role: ActorRole, userId: string | null): AppointmentActor => ({
  role,
  userId,
});

/**
 * Publishes appointment events to the outbox in the transaction of the change they describe,
 * so an event exists exactly when its change does; handlers (e.g. a refund) run later, through
 * the relay, with retries.
 */
@Injectable()
export class AppointmentEventsPublisher {
  constructor(private readonly outbox: OutboxService) {}

  booked(session: ClientSession, a: AppointmentRecord): Promise<void> {
    const event: AppointmentBookedEvent = {
      ...base(a),
      feeAmount: a.feeAmount,
      currency: a.currency,
      paymentState: a.paymentState,
      holdExpiresAt: a.holdExpiresAt ?? null,
    };
    return this.publish(session, AppointmentEvents.Booked, event);
  }

  confirmed(session: ClientSession, a: AppointmentRecord, by: AppointmentActor): Promise<void> {
    const event: AppointmentConfirmedEvent = { ...base(a), by };
    return this.publish(session, AppointmentEvents.Confirmed, event);
  }

  cancelled(session: ClientSession, a: AppointmentRecord, by: AppointmentActor): Promise<void> {
    const c = a.cancellation;
    const event: AppointmentCancelledEvent = {
      ...base(a),
      by,
      reason: c?.reason ?? null,
      refundRule: c?.refundRule ?? 'none',
      refundPercent: c?.refundPercent ?? 0,
      refundDue: c?.refundDue ?? 0,
      currency: a.currency,
      paidAmount: a.paidAmount ?? 0,
      paymentState: a.paymentState,
    };
    return this.publish(session, AppointmentEvents.Cancelled, event);
  }

  rescheduled(
    session: ClientSession,
    a: AppointmentRecord,
    previous: { startsAt: Date; endsAt: Date },
    by: AppointmentActor,
  ): Promise<void> {
    const event: AppointmentRescheduledEvent = {
      ...base(a),
      by,
      previousStartsAt: previous.startsAt,
      previousEndsAt: previous.endsAt,
    };
    return this.publish(session, AppointmentEvents.Rescheduled, event);
  }

  completed(session: ClientSession, a: AppointmentRecord, by: AppointmentActor): Promise<void> {
    const event: AppointmentCompletedEvent = { ...base(a), by };
    return this.publish(session, AppointmentEvents.Completed, event);
  }

  noShow(session: ClientSession, a: AppointmentRecord, by: AppointmentActor): Promise<void> {
    const event: AppointmentNoShowEvent = { ...base(a), by };
    return this.publish(session, AppointmentEvents.NoShow, event);
  }

  reminderDue(session: ClientSession, a: AppointmentRecord): Promise<void> {
    const event: AppointmentReminderDueEvent = {
      ...base(a),
      patientEmail: a.patient.email ?? null,
    };
    return this.publish(session, AppointmentEvents.ReminderDue, event);
  }

  private publish<N extends AppointmentEventName>(
    session: ClientSession,
    name: N,
    event: DomainEventMap[N],
  ): Promise<void> {
    return this.outbox.publish(session, name, event);
  }
}

function base(a: AppointmentRecord): AppointmentEventBase {
  return {
    appointmentId: a._id.toHexString(),
    patientId: a.patientId.toHexString(),
    doctorId: a.doctorId.toHexString(),
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    status: a.status,
    patientName: a.patient.name,
    doctorName: a.doctor.name,
    timezone: a.doctor.timezone,
  };
}
