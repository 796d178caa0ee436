import type { DomainEventMap, OutboxEventName } from '../../../common/events/domain-events';
import { AppointmentStatus } from '../../appointments/domain/appointment-status';
import { formatAmount, formatTime, type EmailContent, type InviteInput } from './render';

/** Channels a notification goes through. In-app always exists unless switched off. */
export const CHANNELS = ['in_app', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * - `essential`: the e-mail cannot be switched off (payments, account security) and carries no
 *   unsubscribe link.
 * - `optional`: on by default, switched off in preferences or with the e-mail's unsubscribe link.
 */
export type EmailRule = 'essential' | 'optional';

/** Who receives it: a user id taken from the payload, or every active admin. */
export type RecipientRef = { userId: string } | 'admins';

export interface RenderContext {
  /** The recipient's IANA zone (a patient's profile zone, else the doctor's). */
  zone: string;
  /** PUBLIC_BASE_URL, for links. */
  baseUrl: string;
  /** The host part for UIDs and Message-IDs. */
  domain: string;
  /** When the event happened. */
  occurredAt: Date;
  /** A fresh set-password link, for targets with `link: 'set-password'` (e-mail only). */
  setPasswordUrl?: string;
}

export interface InAppContent {
  title: string;
  body: string;
}

export interface EmailTemplateOutput extends EmailContent {
  invite?: Omit<InviteInput, 'stamp' | 'domain'>;
}

/**
 * One kind of notification: what produces it, for whom, how it reads and through which
 * channels. Methods (not function properties) so targets of different payloads share one list.
 */
export interface NotificationTarget<P> {
  type: string;
  /** Shown in preferences. */
  description: string;
  audience: 'patient' | 'doctor' | 'admin';
  /** The recipient, or null when this event does not notify anyone of this type. */
  recipient(p: P): RecipientRef | null;
  /** The fact it is about, when several events may state it; default: the event id. */
  key?(p: P, eventId: string): string;
  inApp(p: P, ctx: RenderContext): InAppContent;
  email?: EmailRule;
  emailContent?(p: P, ctx: RenderContext): EmailTemplateOutput;
  /** A single-use link the e-mail needs, issued when it is sent (never stored). */
  link?: 'set-password';
  /** Checked again just before the e-mail goes out (reminders); false skips it. */
  recheck?: 'appointment-start';
  /**
   * Earlier notifications this event makes wrong, withdrawn (if still unread) in the same
   * transaction: a cancellation or a reschedule withdraws the reminder of the old time.
   */
  withdraws?(p: P): { userId: string; type: string; keyPrefix: string } | null;
}

export interface NotificationRoute {
  event: OutboxEventName;
  targets: NotificationTarget<unknown>[];
}

function route<N extends OutboxEventName>(
  event: N,
  targets: NotificationTarget<DomainEventMap[N]>[],
): NotificationRoute {
  return { event, targets };
}

export const REMINDER_TYPE = 'appointment_reminder';
const reminderKeyPrefix = (appointmentId: string): string => `reminder:${appointmentId}:`;
const withdrawReminder = (p: { appointmentId: string; patientId: string }) => ({
  userId: p.patientId,
  type: REMINDER_TYPE,
  keyPrefix: reminderKeyPrefix(p.appointmentId),
});

const when = (p: { startsAt: Date }, ctx: RenderContext): string =>
  formatTime(new Date(p.startsAt), ctx.zone);
const visitsUrl = (ctx: RenderContext): string => `${ctx.baseUrl}/appointments`;
const seconds = (at: Date): number => Math.floor(new Date(at).getTime() / 1000);

const bookingConfirmed: NotificationTarget<
  DomainEventMap['appointment.booked'] | DomainEventMap['appointment.confirmed']
> = {
  type: 'booking_confirmed',
  description: 'Your booking is confirmed (with a calendar invite)',
  audience: 'patient',
  recipient: (p) => (p.status === AppointmentStatus.Confirmed ? { userId: p.patientId } : null),
  key: (p) => `booking_confirmed:${p.appointmentId}`,
  inApp: (p, ctx) => ({
    title: 'Booking confirmed',
    body: `Your appointment with ${p.doctorName} is on ${when(p, ctx)}.`,
  }),
  email: 'optional',
  emailContent: (p, ctx) => ({
    subject: `Booking confirmed: ${p.doctorName}, ${when(p, ctx)}`,
    lines: [
      `Hello ${p.patientName},`,
      '',
      `Your appointment with ${p.doctorName} is confirmed for ${when(p, ctx)}.`,
      'The attached invite adds it to your calendar.',
    ],
    action: { label: 'Your appointments', url: visitsUrl(ctx) },
    invite: {
      appointmentId: p.appointmentId,
      startsAt: new Date(p.startsAt),
      endsAt: new Date(p.endsAt),
      doctorName: p.doctorName,
      method: 'REQUEST',
      sequence: 0,
    },
  }),
};

/**
 * Every notification the platform sends, by the event that produces it. Adding one is a target
 * in the list of its event (a new event: a new route); the pipeline, preferences and the API
 * pick it up from here.
 */
export const NOTIFICATION_ROUTES: NotificationRoute[] = [
  route('appointment.booked', [
    bookingConfirmed,
    {
      type: 'new_booking',
      description: 'A patient booked an appointment with you',
      audience: 'doctor',
      recipient: (p) => ({ userId: p.doctorId }),
      inApp: (p, ctx) => ({
        title: 'New booking',
        body: `${p.patientName} booked ${when(p, ctx)}.`,
      }),
    },
  ]),
  route('appointment.confirmed', [bookingConfirmed]),
  route('appointment.cancelled', [
    {
      type: 'appointment_cancelled',
      description: 'The doctor or an admin cancelled your appointment',
      audience: 'patient',
      withdraws: withdrawReminder,
      recipient: (p) =>
        p.by.role === 'doctor' || p.by.role === 'admin' ? { userId: p.patientId } : null,
      inApp: (p, ctx) => ({
        title: 'Appointment cancelled',
        body: `Your appointment with ${p.doctorName} on ${when(p, ctx)} was cancelled.`,
      }),
      email: 'optional',
      emailContent: (p, ctx) => ({
        subject: `Cancelled: ${p.doctorName}, ${when(p, ctx)}`,
        lines: [
          `Hello ${p.patientName},`,
          '',
          `Your appointment with ${p.doctorName} on ${when(p, ctx)} was cancelled by the ${
            p.by.role === 'doctor' ? 'doctor' : 'clinic'
          }.`,
          ...(p.refundDue > 0
            ? [`${formatAmount(p.refundDue, p.currency)} will be refunded to you.`]
            : []),
          'You can book a new time whenever you like.',
        ],
        action: { label: 'Book again', url: visitsUrl(ctx) },
        invite: {
          appointmentId: p.appointmentId,
          startsAt: new Date(p.startsAt),
          endsAt: new Date(p.endsAt),
          doctorName: p.doctorName,
          method: 'CANCEL',
          sequence: seconds(ctx.occurredAt),
        },
      }),
    },
    {
      type: 'booking_cancelled',
      description: 'A booking with you was cancelled',
      audience: 'doctor',
      recipient: (p) => (p.by.role === 'doctor' ? null : { userId: p.doctorId }),
      inApp: (p, ctx) => ({
        title: 'Booking cancelled',
        body: `The appointment of ${p.patientName} on ${when(p, ctx)} was cancelled.`,
      }),
    },
  ]),
  route('appointment.rescheduled', [
    {
      type: 'appointment_rescheduled',
      description: 'Your appointment moved to a new time (with an updated invite)',
      audience: 'patient',
      withdraws: withdrawReminder,
      recipient: (p) => ({ userId: p.patientId }),
      inApp: (p, ctx) => ({
        title: 'Appointment rescheduled',
        body: `Your appointment with ${p.doctorName} is now on ${when(p, ctx)}.`,
      }),
      email: 'optional',
      emailContent: (p, ctx) => ({
        subject: `Rescheduled: ${p.doctorName}, ${when(p, ctx)}`,
        lines: [
          `Hello ${p.patientName},`,
          '',
          `Your appointment with ${p.doctorName} moved from ${formatTime(
            new Date(p.previousStartsAt),
            ctx.zone,
          )} to ${when(p, ctx)}.`,
          'The attached invite updates your calendar.',
        ],
        action: { label: 'Your appointments', url: visitsUrl(ctx) },
        invite: {
          appointmentId: p.appointmentId,
          startsAt: new Date(p.startsAt),
          endsAt: new Date(p.endsAt),
          doctorName: p.doctorName,
          method: 'REQUEST',
          sequence: seconds(ctx.occurredAt),
        },
      }),
    },
    {
      type: 'booking_rescheduled',
      description: 'A booking with you moved to a new time',
      audience: 'doctor',
      recipient: (p) => ({ userId: p.doctorId }),
      inApp: (p, ctx) => ({
        title: 'Booking rescheduled',
        body: `${p.patientName} moved ${formatTime(new Date(p.previousStartsAt), ctx.zone)} to ${when(p, ctx)}.`,
      }),
    },
  ]),
  route('appointment.reminder_due', [
    {
      type: REMINDER_TYPE,
      description: 'A reminder before your appointment',
      audience: 'patient',
      recipient: (p) => ({ userId: p.patientId }),
      // One reminder per appointment and start time, whichever run of the job announced it.
      key: (p) => `${reminderKeyPrefix(p.appointmentId)}${new Date(p.startsAt).toISOString()}`,
      inApp: (p, ctx) => ({
        title: 'Appointment reminder',
        body: `Your appointment with ${p.doctorName} is on ${when(p, ctx)}.`,
      }),
      email: 'optional',
      emailContent: (p, ctx) => ({
        subject: `Reminder: ${p.doctorName}, ${when(p, ctx)}`,
        lines: [
          `Hello ${p.patientName},`,
          '',
          `This is a reminder of your appointment with ${p.doctorName} on ${when(p, ctx)}.`,
          'If you cannot come, please cancel or reschedule so someone else can have the time.',
        ],
        action: { label: 'Your appointments', url: visitsUrl(ctx) },
      }),
      recheck: 'appointment-start',
    },
  ]),
  route('doctor.created', [
    {
      type: 'doctor_welcome',
      description: 'Welcome to DocBook, with a link to set your password',
      audience: 'doctor',
      recipient: (p) => (p.via === 'admin' ? { userId: p.doctorId } : null),
      inApp: () => ({
        title: 'Welcome to DocBook',
        body: 'Set your password, then your working hours, and patients can book you.',
      }),
      email: 'essential',
      link: 'set-password',
      emailContent: (p, ctx) => ({
        subject: 'Welcome to DocBook: set your password',
        lines: [
          `Hello ${p.name},`,
          '',
          'An administrator created your DocBook doctor account.',
          'Choose your password with the link below, then set your working hours.',
          'The link works once and expires; ask the administrator for a new one if it has.',
        ],
        action: { label: 'Set your password', url: ctx.setPasswordUrl ?? `${ctx.baseUrl}` },
      }),
    },
  ]),
  route('doctor.application.submitted', [
    {
      type: 'doctor_application_submitted',
      description: 'A user applied to practise as a doctor',
      audience: 'admin',
      recipient: () => 'admins',
      inApp: (p) => ({
        title: 'New doctor application',
        body: `A new application (${p.speciality}) is waiting for review.`,
      }),
    },
  ]),
  route('doctor.application.approved', [
    {
      type: 'application_approved',
      description: 'Your application to practise as a doctor was approved',
      audience: 'doctor',
      recipient: (p) => ({ userId: p.userId }),
      inApp: () => ({
        title: 'Application approved',
        body: 'You are now a doctor on DocBook. Set your working hours so patients can book you.',
      }),
      email: 'essential',
      emailContent: (_p, ctx) => ({
        subject: 'Your DocBook doctor application was approved',
        lines: [
          'Your application to practise on DocBook was approved.',
          'Set your working hours so patients can book you.',
        ],
        action: { label: 'Open DocBook', url: ctx.baseUrl },
      }),
    },
  ]),
  route('doctor.application.rejected', [
    {
      type: 'application_rejected',
      description: 'Your application to practise as a doctor was rejected',
      audience: 'patient',
      recipient: (p) => ({ userId: p.userId }),
      inApp: (p) => ({
        title: 'Application not approved',
        body: `Your doctor application was not approved: ${p.reason}`,
      }),
      email: 'essential',
      emailContent: (p) => ({
        subject: 'Your DocBook doctor application',
        lines: [
          'Your application to practise on DocBook was not approved.',
          `The reviewer's note: ${p.reason}`,
          'You may apply again with updated details.',
        ],
      }),
    },
  ]),
  route('outbox.delivery_dead', [
    {
      type: 'outbox_delivery_dead',
      description: 'An event could not be delivered to one of its handlers and waits for an admin',
      audience: 'admin',
      recipient: () => 'admins',
      inApp: (p) => ({
        title: 'Event delivery failed',
        body: `${p.event} -> ${p.handler} failed ${p.attempts} times; retry it from the outbox.`,
      }),
    },
  ]),
  route('appointment.completed', [
    {
      type: 'review_invitation',
      description: 'A completed visit can be reviewed (within 30 days)',
      audience: 'patient',
      recipient: (p) => ({ userId: p.patientId }),
      inApp: (p) => ({
        title: 'How was your visit?',
        body: `You can review your visit with ${p.doctorName} within 30 days.`,
      }),
    },
  ]),
  route('review.created', [
    {
      type: 'new_review',
      description: 'A patient reviewed a visit with you',
      audience: 'doctor',
      recipient: (p) => ({ userId: p.doctorId }),
      inApp: (p) => ({
        title: 'New review',
        body: `A patient rated a visit with you ${p.rating} of 5.`,
      }),
    },
  ]),
  route('review.replied', [
    {
      type: 'review_replied',
      description: 'The doctor replied to your review',
      audience: 'patient',
      // The first reply only: an edit of it is not news.
      recipient: (p) => (p.firstReply ? { userId: p.patientId } : null),
      inApp: () => ({
        title: 'The doctor replied',
        body: 'The doctor replied to your review.',
      }),
    },
  ]),
  route('review.reported', [
    {
      type: 'review_reported',
      description: 'A review was reported and may need moderation',
      audience: 'admin',
      recipient: () => 'admins',
      inApp: (p) => ({
        title: 'Review reported',
        body: `A review was reported (${p.reason}); ${p.openReports} open report(s).`,
      }),
    },
  ]),
  route('follow.created', [
    {
      type: 'new_follower',
      description: 'A patient started following you',
      audience: 'doctor',
      recipient: (p) => ({ userId: p.doctorId }),
      inApp: () => ({ title: 'New follower', body: 'A patient started following you.' }),
    },
  ]),
  route('payment.succeeded', [
    {
      type: 'payment_received',
      description: 'We received your payment',
      audience: 'patient',
      recipient: (p) => ({ userId: p.patientId }),
      inApp: (p) => ({
        title: 'Payment received',
        body: `We received your payment of ${formatAmount(p.amount, p.currency)}.`,
      }),
      email: 'essential',
      emailContent: (p, ctx) => ({
        subject: `Payment received: ${formatAmount(p.amount, p.currency)}`,
        lines: [
          `We received your payment of ${formatAmount(p.amount, p.currency)}. Your booking is confirmed.`,
          ...(p.invoiceNumber ? [`Invoice number: ${p.invoiceNumber}`] : []),
          `Payment reference: ${p.paymentId}`,
        ],
        action: { label: 'Your appointments', url: visitsUrl(ctx) },
      }),
    },
  ]),
  route('payment.failed', [
    {
      type: 'payment_failed',
      description: 'A payment of yours did not go through',
      audience: 'patient',
      recipient: (p) => ({ userId: p.patientId }),
      inApp: (p) => ({
        title: 'Payment failed',
        body: `Your payment of ${formatAmount(p.amount, p.currency)} did not go through. Try again before your booking's hold ends.`,
      }),
      email: 'essential',
      emailContent: (p, ctx) => ({
        subject: `Payment failed: ${formatAmount(p.amount, p.currency)}`,
        lines: [
          `Your payment of ${formatAmount(p.amount, p.currency)} did not go through, and nothing was charged.`,
          'Your booking is held for a short while: pay again, or choose to pay at the clinic where offered.',
          `Payment reference: ${p.paymentId}`,
        ],
        action: { label: 'Your appointments', url: visitsUrl(ctx) },
      }),
    },
  ]),
  route('payment.refund_failed', [
    {
      type: 'refund_failed',
      description: 'A refund failed at the payment provider (it is retried)',
      audience: 'admin',
      recipient: () => 'admins',
      inApp: (p) => ({
        title: 'Refund failed',
        body: `Refund ${p.refundId} of ${formatAmount(p.amount, p.currency)} (${p.provider}) failed; it is retried, or retry it from the admin refunds.`,
      }),
    },
  ]),
  route('payment.refunded', [
    {
      type: 'payment_refunded',
      description: 'A refund was made to you',
      audience: 'patient',
      recipient: (p) => ({ userId: p.patientId }),
      inApp: (p) => ({
        title: 'Refund on its way',
        body: `${formatAmount(p.refundAmount, p.currency)} is being refunded to you.`,
      }),
      email: 'essential',
      emailContent: (p) => ({
        subject: `Refund: ${formatAmount(p.refundAmount, p.currency)}`,
        lines: [
          `${formatAmount(p.refundAmount, p.currency)} is being refunded to the card or account you paid with.`,
          'Depending on your bank it can take a few working days to appear.',
          `Payment reference: ${p.paymentId}`,
        ],
      }),
    },
  ]),
  route('waitlist.offered', [
    {
      type: 'waitlist_offer',
      description: 'A slot you were waiting for was held for you',
      audience: 'patient',
      recipient: (p) => ({ userId: p.patientId }),
      key: (p) => `waitlist_offer:${p.appointmentId}`,
      inApp: (p, ctx) => ({
        title: 'A slot was held for you',
        body:
          `${p.doctorName}, ${when(p, ctx)} is held for you until ` +
          `${formatTime(new Date(p.holdExpiresAt), ctx.zone)}. ` +
          (p.acceptBy === 'payment'
            ? 'Pay for the appointment to keep it.'
            : 'Accept it in your appointments to keep it.'),
      }),
    },
  ]),
  route('clinical.break_glass_granted', [
    {
      type: 'record_break_glass',
      description: 'An administrator opened emergency access to your medical record',
      audience: 'patient',
      recipient: (p) => ({ userId: p.patientId }),
      key: (p) => `break_glass:${p.grantId}`,
      inApp: (p, ctx) => ({
        title: 'Emergency access to your record',
        body:
          'An administrator opened emergency (break-glass) access to your medical record until ' +
          `${formatTime(new Date(p.expiresAt), ctx.zone)}. The reason given: ${p.reason}`,
      }),
      // A security notice: it cannot be switched off.
      email: 'essential',
      emailContent: (p, ctx) => ({
        subject: 'Emergency access to your DocBook medical record',
        lines: [
          'An administrator opened emergency (break-glass) access to your medical record',
          `until ${formatTime(new Date(p.expiresAt), ctx.zone)}. Every access is recorded.`,
          'Sign in to see the reason given and who accessed your record.',
        ],
        action: { label: 'Who accessed your record', url: `${ctx.baseUrl}/record-access` },
      }),
    },
  ]),
  route('payment.unapplied', [
    {
      type: 'payment_unapplied',
      description: 'A payment arrived for a booking that no longer awaited it, and is refunded',
      audience: 'patient',
      recipient: (p) => ({ userId: p.patientId }),
      inApp: (p) => ({
        title: 'Your payment is being refunded',
        body: `Your payment of ${formatAmount(p.amount, p.currency)} arrived after the booking stopped waiting for it and is refunded in full.`,
      }),
      email: 'essential',
      emailContent: (p) => ({
        subject: 'Your payment is being refunded',
        lines: [
          `We received your payment of ${formatAmount(p.amount, p.currency)}, but the booking it was for was no longer`,
          'waiting for payment (its hold had expired, or it was already paid).',
          '',
          `The full ${formatAmount(p.amount, p.currency)} is being refunded to the card or account you paid with; you do not`,
          'need to do anything. Your booking was not changed: book a new time if you still need one.',
          '',
          `Payment reference: ${p.paymentId}`,
        ],
      }),
    },
  ]),
];

export const NOTIFICATION_TARGETS: ReadonlyMap<string, NotificationTarget<unknown>> = new Map(
  NOTIFICATION_ROUTES.flatMap((r) => r.targets).map((t) => [t.type, t]),
);

/** Every type once, in the registry's order. */
export const NOTIFICATION_TYPES: string[] = [...NOTIFICATION_TARGETS.keys()];
