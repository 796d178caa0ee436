import type {
  AppointmentBookedEvent,
  AppointmentCancelledEvent,
  AppointmentCompletedEvent,
  AppointmentConfirmedEvent,
  AppointmentNoShowEvent,
  AppointmentReminderDueEvent,
  AppointmentRescheduledEvent,
} from '../../modules/appointments/appointments.events';
import type {
  DoctorApplicationApprovedEvent,
  DoctorApplicationRejectedEvent,
  DoctorApplicationSubmittedEvent,
  DoctorCreatedEvent,
} from '../../modules/doctors/doctors.events';
import type { BreakGlassGrantedEvent } from '../../modules/clinical-access/clinical-access.events';
import type { OutboxDeliveryDeadEvent } from '../../modules/outbox/outbox.events';
import type { WaitlistOfferedEvent } from '../../modules/waitlist/waitlist.events';
import type { FollowChangedEvent } from '../../modules/follows/follows.events';
import type { AvailabilityOverrideSetEvent } from '../../modules/availability/availability.events';
import type {
  PaymentFailedEvent,
  PaymentRefundFailedEvent,
  PaymentRefundedEvent,
  PaymentSucceededEvent,
  PaymentUnappliedEvent,
} from '../../modules/payments/payments.events';
import type {
  ReviewCreatedEvent,
  ReviewDeletedEvent,
  ReviewModeratedEvent,
  ReviewRepliedEvent,
  ReviewReportedEvent,
  ReviewUpdatedEvent,
} from '../../modules/reviews/reviews.events';
import type {
  UserDeactivatedEvent,
  UserInitialPasswordReplacedEvent,
  UserPurgedEvent,
  UserReactivatedEvent,
  UserRegisteredEvent,
  UserRenamedEvent,
} from '../../modules/users/users.events';

/**
 * Every domain event of the platform: name -> payload. Payloads are plain data that survive a
 * BSON round trip (strings, numbers, booleans, null, Dates, arrays and objects of those).
 */
export interface DomainEventMap {
  'user.registered': UserRegisteredEvent;
  'user.renamed': UserRenamedEvent;
  'user.deactivated': UserDeactivatedEvent;
  'user.reactivated': UserReactivatedEvent;
  'user.purged': UserPurgedEvent;
  'user.initial_password_replaced': UserInitialPasswordReplacedEvent;
  'doctor.created': DoctorCreatedEvent;
  'doctor.application.submitted': DoctorApplicationSubmittedEvent;
  'doctor.application.approved': DoctorApplicationApprovedEvent;
  'doctor.application.rejected': DoctorApplicationRejectedEvent;
  'availability.override_set': AvailabilityOverrideSetEvent;
  'follow.created': FollowChangedEvent;
  'follow.removed': FollowChangedEvent;
  'appointment.booked': AppointmentBookedEvent;
  'appointment.confirmed': AppointmentConfirmedEvent;
  'appointment.cancelled': AppointmentCancelledEvent;
  'appointment.rescheduled': AppointmentRescheduledEvent;
  'appointment.completed': AppointmentCompletedEvent;
  'appointment.no_show': AppointmentNoShowEvent;
  'appointment.reminder_due': AppointmentReminderDueEvent;
  'payment.succeeded': PaymentSucceededEvent;
  'payment.unapplied': PaymentUnappliedEvent;
  'payment.refunded': PaymentRefundedEvent;
  'review.created': ReviewCreatedEvent;
  'review.updated': ReviewUpdatedEvent;
  'review.deleted': ReviewDeletedEvent;
  'review.replied': ReviewRepliedEvent;
  'review.reported': ReviewReportedEvent;
  'review.hidden': ReviewModeratedEvent;
  'review.restored': ReviewModeratedEvent;
  'payment.failed': PaymentFailedEvent;
  'payment.refund_failed': PaymentRefundFailedEvent;
  'outbox.delivery_dead': OutboxDeliveryDeadEvent;
  'waitlist.offered': WaitlistOfferedEvent;
  'clinical.break_glass_granted': BreakGlassGrantedEvent;
}

export type DomainEventName = keyof DomainEventMap;

/**
 * How an event reaches its listeners, declared once per event (see docs/EVENTS.md):
 * - `outbox`: must not be lost. Written in the transaction of the change it describes, then
 *   delivered by the relay to each handler until it succeeds (retries, backoff, `dead` after
 *   OUTBOX_MAX_ATTEMPTS). Publish with `OutboxService.publish`, consume with `subscribe`.
 * - `in-process`: may be lost without harm (a process dying after the commit loses it).
 *   Emitted after the commit with `InProcessEvents.emit`; a failing listener is logged and
 *   never fails the request.
 */
export type DeliveryRule = 'outbox' | 'in-process';

export const EVENT_DELIVERY = {
  'user.registered': 'in-process',
  'user.renamed': 'outbox',
  'user.deactivated': 'outbox',
  'user.reactivated': 'outbox',
  'user.purged': 'outbox',
  'user.initial_password_replaced': 'outbox',
  'doctor.created': 'outbox',
  'doctor.application.submitted': 'outbox',
  'doctor.application.approved': 'outbox',
  'doctor.application.rejected': 'outbox',
  'availability.override_set': 'outbox',
  'follow.created': 'outbox',
  'follow.removed': 'outbox',
  'appointment.booked': 'outbox',
  'appointment.confirmed': 'outbox',
  'appointment.cancelled': 'outbox',
  'appointment.rescheduled': 'outbox',
  'appointment.completed': 'outbox',
  'appointment.no_show': 'outbox',
  'appointment.reminder_due': 'outbox',
  'payment.succeeded': 'outbox',
  'payment.unapplied': 'outbox',
  'payment.refunded': 'outbox',
  'review.created': 'outbox',
  'review.updated': 'outbox',
  'review.deleted': 'outbox',
  'review.replied': 'outbox',
  'review.reported': 'outbox',
  'review.hidden': 'outbox',
  'review.restored': 'outbox',
  'payment.failed': 'outbox',
  'payment.refund_failed': 'outbox',
  'outbox.delivery_dead': 'outbox',
  'waitlist.offered': 'outbox',
  'clinical.break_glass_granted': 'outbox',
} as const satisfies Record<DomainEventName, DeliveryRule>;

type RuleOf<N extends DomainEventName> = (typeof EVENT_DELIVERY)[N];

/** Events that go through the outbox. */
export type OutboxEventName = {
  [N in DomainEventName]: RuleOf<N> extends 'outbox' ? N : never;
}[DomainEventName];

/** Events emitted in process after the commit. */
export type InProcessEventName = {
  [N in DomainEventName]: RuleOf<N> extends 'in-process' ? N : never;
}[DomainEventName];

export const isOutboxEvent = (name: string): name is OutboxEventName =>
  (EVENT_DELIVERY as Record<string, DeliveryRule>)[name] === 'outbox';
