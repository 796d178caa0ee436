export const PAYMENT_STATUSES = [
  'created',
  'failed',
  'expired',
  'succeeded',
  'partially_refunded',
  'refunded',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** States a payment may still leave on the provider's word that it was paid. */
export const PAYABLE: PaymentStatus[] = ['created', 'failed', 'expired'];
/** States of a payment that took money. */
export const SETTLED: PaymentStatus[] = ['succeeded', 'partially_refunded', 'refunded'];

/**
 * Where a payment may go from where it is: forward only, so events arriving late or out of
 * order (a `failed` after `succeeded`, an `expired` after a refund) change nothing. A failed
 * Razorpay attempt may still be paid on the same order; a session Stripe says expired cannot
 * be, but if Stripe ever says paid, money moved and that wins.
 */
export function sourcesFor(to: PaymentStatus): PaymentStatus[] {
  switch (to) {
    case 'created':
      return [];
    case 'failed':
    case 'expired':
      return ['created'];
    case 'succeeded':
      return PAYABLE;
    case 'partially_refunded':
      return ['succeeded', 'partially_refunded'];
    case 'refunded':
      return ['succeeded', 'partially_refunded'];
  }
}

/** The payment's status after refunds totalling `refunded` of `amount`. */
export function statusAfterRefunds(amount: number, refunded: number): PaymentStatus {
  if (refunded <= 0) {
    return 'succeeded';
  }
  return refunded >= amount ? 'refunded' : 'partially_refunded';
}
