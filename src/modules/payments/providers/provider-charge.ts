/** What a provider says about one payment attempt, in provider-neutral terms. */
export interface ProviderCharge {
  state: 'open' | 'paid' | 'failed' | 'expired';
  /** Stripe PaymentIntent id or Razorpay payment id, when there is one. */
  providerPaymentId: string | null;
  amount: number | null;
  currency: string | null;
}

export interface ProviderRefund {
  id: string;
}

/** The provider could not be reached or refused the call; safe to retry with the same key. */
export class ProviderCallError extends Error {
  constructor(
    readonly provider: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderCallError';
  }
}

/** A short, secret-free description of a provider failure, for logs and admins. */
export function describeProviderError(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as {
      type?: string;
      code?: string;
      statusCode?: number;
      message?: string;
      error?: { code?: string; description?: string };
    };
    const parts = [e.type, e.code, e.statusCode, e.error?.code, e.error?.description ?? e.message]
      .filter((p) => p !== undefined && p !== null && p !== '')
      .map(String);
    if (parts.length) {
      return parts.join(' ').slice(0, 300);
    }
  }
  return String(err).slice(0, 300);
}
