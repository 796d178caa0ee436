import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { AppConfig } from '../../config/app-config';
import type { OnlineProvider } from './domain/provider';
import { PaymentSettlementService, type SettlementOutcome } from './payment-settlement.service';
import { PaymentsErrorCode, paymentsError } from './payments.errors';
import type { ProviderCharge } from './providers/provider-charge';
import { chargeOfPayment, RazorpayGateway } from './providers/razorpay.gateway';
import { chargeOf, StripeGateway } from './providers/stripe.gateway';

interface RazorpayWebhook {
  event?: unknown;
  payload?: {
    payment?: {
      entity?: {
        id: string;
        order_id?: string | null;
        status: string;
        amount: number;
        currency: string;
      };
    };
  };
}

const badSignature = () =>
  paymentsError(PaymentsErrorCode.WebhookSignatureInvalid, 'The webhook signature is not valid');

/**
 * Webhooks, the source of truth for payments: the signature is checked over the exact bytes
 * received, then the event is applied once (its id is recorded in the same transaction).
 */
@Injectable()
export class PaymentWebhooksService {
  constructor(
    private readonly stripe: StripeGateway,
    private readonly razorpay: RazorpayGateway,
    private readonly settlement: PaymentSettlementService,
    private readonly config: AppConfig,
  ) {}

  async handleStripe(rawBody: Buffer, signature: string | undefined): Promise<SettlementOutcome> {
    this.assertEnabled('stripe');
    let event: Stripe.Event;
    try {
      if (!signature) {
        throw badSignature();
      }
      event = this.stripe.verifyWebhook(rawBody, signature);
    } catch {
      throw badSignature();
    }
    const { providerRef, charge } = stripeEventCharge(event);
    return this.settlement.applyEvent({
      provider: 'stripe',
      eventId: event.id,
      type: event.type,
      providerRef,
      charge,
    });
  }

  async handleRazorpay(
    rawBody: Buffer,
    signature: string | undefined,
    eventIdHeader: string | undefined,
  ): Promise<SettlementOutcome> {
    this.assertEnabled('razorpay');
    if (!signature || !this.razorpay.verifyWebhook(rawBody, signature)) {
      throw badSignature();
    }
    let body: RazorpayWebhook;
    try {
      body = JSON.parse(rawBody.toString('utf8')) as RazorpayWebhook;
    } catch {
      throw paymentsError(PaymentsErrorCode.WebhookPayloadInvalid, 'The webhook body is not JSON');
    }
    const type = typeof body.event === 'string' ? body.event : 'unknown';
    const entity = body.payload?.payment?.entity;
    // Razorpay sends a unique X-Razorpay-Event-Id; without one, the signed body identifies it.
    const eventId =
      eventIdHeader && /^[A-Za-z0-9_-]{1,100}$/.test(eventIdHeader)
        ? eventIdHeader
        : createHash('sha256').update(rawBody).digest('hex');
    let charge: ProviderCharge | null = null;
    if (entity && (type === 'payment.captured' || type === 'order.paid')) {
      charge = chargeOfPayment({ ...entity, status: 'captured' });
    } else if (entity && type === 'payment.failed') {
      charge = chargeOfPayment({ ...entity, status: 'failed' });
    }
    return this.settlement.applyEvent({
      provider: 'razorpay',
      eventId,
      type,
      providerRef: charge ? (entity?.order_id ?? null) : null,
      charge,
    });
  }

  private assertEnabled(provider: OnlineProvider): void {
    if (!this.config.paymentProviderEnabled(provider)) {
      throw paymentsError(PaymentsErrorCode.ProviderNotEnabled, `${provider} is not enabled`);
    }
  }
}

function stripeEventCharge(event: Stripe.Event): {
  providerRef: string | null;
  charge: ProviderCharge | null;
} {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.expired':
      return { providerRef: event.data.object.id, charge: chargeOf(event.data.object) };
    case 'checkout.session.async_payment_failed':
      return {
        providerRef: event.data.object.id,
        charge: { ...chargeOf(event.data.object), state: 'failed' },
      };
    default:
      return { providerRef: null, charge: null };
  }
}
