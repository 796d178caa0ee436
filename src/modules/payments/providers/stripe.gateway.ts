import { Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { AppConfig } from '../../../config/app-config';
import { describeProviderError, ProviderCallError, type ProviderCharge } from './provider-charge';

export interface CheckoutInput {
  paymentId: string;
  appointmentId: string;
  amount: number;
  currency: string;
  description: string;
  customerEmail: string | null;
  /** Where Checkout sends the browser; unset: PAYMENT_SUCCESS_URL / PAYMENT_CANCEL_URL. */
  successUrl?: string;
  cancelUrl?: string;
}

/** The one place that talks to Stripe (Checkout Sessions, refunds, webhook signatures). */
@Injectable()
export class StripeGateway {
  private client: Stripe | null = null;

  constructor(private readonly config: AppConfig) {}

  private get stripe(): Stripe {
    if (!this.client) {
      const base = this.config.STRIPE_API_BASE ? new URL(this.config.STRIPE_API_BASE) : null;
      this.client = new Stripe(this.config.STRIPE_SECRET_KEY ?? '', {
        timeout: this.config.PAYMENT_PROVIDER_TIMEOUT_MS,
        // Retries are ours: every refund attempt is recorded and reuses its idempotency key.
        maxNetworkRetries: 0,
        telemetry: false,
        ...(base
          ? {
              host: base.hostname,
              port: base.port || (base.protocol === 'https:' ? 443 : 80),
              protocol: base.protocol === 'https:' ? 'https' : 'http',
            }
          : {}),
      });
    }
    return this.client;
  }

  async createCheckoutSession(input: CheckoutInput): Promise<{ id: string; url: string | null }> {
    const session = await this.call(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: input.appointmentId,
          metadata: { appointmentId: input.appointmentId, paymentId: input.paymentId },
          payment_intent_data: {
            metadata: { appointmentId: input.appointmentId, paymentId: input.paymentId },
          },
          ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: input.currency.toLowerCase(),
                unit_amount: input.amount,
                product_data: { name: input.description },
              },
            },
          ],
          success_url: input.successUrl ?? this.config.PAYMENT_SUCCESS_URL,
          cancel_url: input.cancelUrl ?? this.config.PAYMENT_CANCEL_URL,
        },
        { idempotencyKey: `checkout_${input.paymentId}` },
      ),
    );
    return { id: session.id, url: session.url ?? null };
  }

  async getSession(sessionId: string): Promise<ProviderCharge> {
    return chargeOf(await this.call(() => this.stripe.checkout.sessions.retrieve(sessionId)));
  }

  /**
   * Expires an open session so it can no longer be paid. A session that was completed
   * meanwhile cannot be expired: the answer is then what Stripe says it is now (paid).
   */
  async expireSession(sessionId: string): Promise<ProviderCharge> {
    try {
      return chargeOf(await this.stripe.checkout.sessions.expire(sessionId));
    } catch {
      return this.getSession(sessionId);
    }
  }

  async refund(paymentIntentId: string, amount: number, key: string): Promise<{ id: string }> {
    const refund = await this.call(() =>
      this.stripe.refunds.create(
        { payment_intent: paymentIntentId, amount, metadata: { key } },
        { idempotencyKey: key },
      ),
    );
    return { id: refund.id };
  }

  /** Verifies the signature over the raw body (5-minute tolerance); throws when it is wrong. */
  verifyWebhook(rawBody: Buffer, signature: string): Stripe.Event {
    return this.stripe.webhooks.constructEvent(
      rawBody,
      signature,
      this.config.STRIPE_WEBHOOK_SECRET ?? '',
      WEBHOOK_TOLERANCE_SECONDS,
    );
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new ProviderCallError('stripe', describeProviderError(err));
    }
  }
}

export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function chargeOf(session: Stripe.Checkout.Session): ProviderCharge {
  const intent = session.payment_intent;
  const providerPaymentId = typeof intent === 'string' ? intent : (intent?.id ?? null);
  let state: ProviderCharge['state'] = 'open';
  if (session.status === 'complete' && session.payment_status !== 'unpaid') {
    state = 'paid';
  } else if (session.status === 'expired') {
    state = 'expired';
  }
  return {
    state,
    providerPaymentId,
    amount: session.amount_total ?? null,
    currency: session.currency ? session.currency.toUpperCase() : null,
  };
}
