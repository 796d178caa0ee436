import type { ActorRole } from '../../common/auth/actor-role';
import type { AppointmentStatus } from './domain/appointment-status';
import type { PaymentState } from './schemas/appointment.schema';

/**
 * Domain events published by the appointments module, each to the outbox in the transaction of
 * its change (see docs/EVENTS.md). Handlers must be idempotent; a failing handler is retried
 * and never undoes the change.
 */
export const AppointmentEvents = {
  Booked: 'appointment.booked',
  Confirmed: 'appointment.confirmed',
  Cancelled: 'appointment.cancelled',
  Rescheduled: 'appointment.rescheduled',
  Completed: 'appointment.completed',
  NoShow: 'appointment.no_show',
  ReminderDue: 'appointment.reminder_due',
} as const;

export type AppointmentEventName = (typeof AppointmentEvents)[keyof typeof AppointmentEvents];

/** Who acted: a user (with role) or the system (a job). */
export interface AppointmentActor {
  role: ActorRole;
  /** User id, null for the system. */
  userId: string | null;
}

/** What every appointment event carries. */
export interface AppointmentEventBase {
  appointmentId: string;
  patientId: string;
  doctorId: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  patientName: string;
  doctorName: string;
  /** The doctor's IANA zone, to render times for people. */
  timezone: string;
}

export interface AppointmentBookedEvent extends AppointmentEventBase {
  feeAmount: number;
  currency: string;
  paymentState: PaymentState;
  /** When an unpaid hold lapses (online payment mode), else null. */
  holdExpiresAt: Date | null;
}

export interface AppointmentConfirmedEvent extends AppointmentEventBase {
  by: AppointmentActor;
}

export interface AppointmentCancelledEvent extends AppointmentEventBase {
  by: AppointmentActor;
  reason: string | null;
  refundRule: string;
  refundPercent: number;
  /** Minor units of `currency` to refund of what was paid online (0 when nothing was). */
  refundDue: number;
  currency: string;
  paidAmount: number;
  paymentState: PaymentState;
}

export interface AppointmentRescheduledEvent extends AppointmentEventBase {
  by: AppointmentActor;
  previousStartsAt: Date;
  previousEndsAt: Date;
}

export interface AppointmentCompletedEvent extends AppointmentEventBase {
  by: AppointmentActor;
}

export interface AppointmentNoShowEvent extends AppointmentEventBase {
  by: AppointmentActor;
}

export interface AppointmentReminderDueEvent extends AppointmentEventBase {
  patientEmail: string | null;
}
