import type { Provider } from './domain/provider';
import type { RefundReason } from './schemas/refund.schema';

export const PaymentEvents = {
  Succeeded: 'payment.succeeded',
  Unapplied: 'payment.unapplied',
  Refunded: 'payment.refunded',
  Failed: 'payment.failed',
  RefundFailed: 'payment.refund_failed',
} as const;

interface PaymentEventBase {
  paymentId: string;
  appointmentId: string;
  patientId: string;
  doctorId: string;
  provider: Provider;
  /** Minor units. */
  amount: number;
  currency: string;
}

/** A payment paid its booking, which is now confirmed. */
export interface PaymentSucceededEvent extends PaymentEventBase {
  invoiceNumber: string | null;
}

/**
 * Money arrived for a booking that no longer awaits it (the hold was released, or another
 * attempt paid first): the booking is unchanged and the payment is refunded in full. The
 * patient must be told.
 */
export interface PaymentUnappliedEvent extends PaymentEventBase {
  appointmentStatus: string;
  refundId: string;
}

/** The provider accepted a refund. */
export interface PaymentRefundedEvent extends PaymentEventBase {
  refundId: string;
  refundAmount: number;
  reason: RefundReason;
  creditNoteNumber: string | null;
}

/** The provider reported that a payment attempt failed; the booking keeps its hold. */
export interface PaymentFailedEvent extends PaymentEventBase {
  /** The provider declined it (an expired checkout is not announced). */
  reason: 'failed';
}

/** A refund attempt failed at the provider (announced once per refund; it is retried). */
export interface PaymentRefundFailedEvent {
  refundId: string;
  paymentId: string;
  appointmentId: string;
  provider: Provider;
  /** Minor units. */
  amount: number;
  currency: string;
  reason: RefundReason;
}
