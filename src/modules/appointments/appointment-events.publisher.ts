import type { ActorRole } from '../../common/auth/actor-role';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
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
 * Publishes appointment events after the change they describe was committed, and waits for the
 * listeners (e.g. a refund) to finish before the caller answers. A failing listener is logged,
 * never turned into a failed request: the change itself has happened.
 */
@Injectable()
export class AppointmentEventsPublisher {
  private readonly logger = new Logger(AppointmentEventsPublisher.name);

  constructor(private readonly events: EventEmitter2) {}

  booked(a: AppointmentRecord): Promise<void> {
    const event: AppointmentBookedEvent = {
      ...base(a),
      feeAmount: a.feeAmount,
      currency: a.currency,
      paymentState: a.paymentState,
      holdExpiresAt: a.holdExpiresAt ?? null,
    };
    return this.publish(AppointmentEvents.Booked, event);
  }

  confirmed(a: AppointmentRecord, by: AppointmentActor): Promise<void> {
    const event: AppointmentConfirmedEvent = { ...base(a), by };
    return this.publish(AppointmentEvents.Confirmed, event);
  }

  cancelled(a: AppointmentRecord, by: AppointmentActor): Promise<void> {
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
    return this.publish(AppointmentEvents.Cancelled, event);
  }

  rescheduled(
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
    return this.publish(AppointmentEvents.Rescheduled, event);
  }

  completed(a: AppointmentRecord, by: AppointmentActor): Promise<void> {
    const event: AppointmentCompletedEvent = { ...base(a), by };
    return this.publish(AppointmentEvents.Completed, event);
  }

  noShow(a: AppointmentRecord, by: AppointmentActor): Promise<void> {
    const event: AppointmentNoShowEvent = { ...base(a), by };
    return this.publish(AppointmentEvents.NoShow, event);
  }

  reminderDue(a: AppointmentRecord): Promise<void> {
    const event: AppointmentReminderDueEvent = {
      ...base(a),
      patientEmail: a.patient.email ?? null,
    };
    return this.publish(AppointmentEvents.ReminderDue, event);
  }

  private async publish<E extends AppointmentEventBase>(
    name: AppointmentEventName,
    event: E,
  ): Promise<void> {
    try {
      await this.events.emitAsync(name, event);
    } catch (err) {
      this.logger.error(
        `A listener of ${name} failed for ${event.appointmentId}: ${
          err instanceof Error ? err.message : String(err)
        }`,
      );
    }
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
