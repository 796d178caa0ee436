import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import Razorpay from 'razorpay';
import { AppConfig } from '../../../config/app-config';
import { describeProviderError, ProviderCallError, type ProviderCharge } from './provider-charge';

interface RazorpayPaymentEntity {
  id: string;
  order_id?: string | null;
  status: string;
  amount: number | string;
  currency: string;
}

interface RazorpayRefundEntity {
  id: string;
  notes?: Record<string, string | number> | unknown[];
}

/** The one place that talks to Razorpay (orders, payments, refunds, signatures). */
@Injectable()
export class RazorpayGateway {
  private client: Razorpay | null = null;

  constructor(private readonly config: AppConfig) {}

  get keyId(): string {
    return this.config.RAZORPAY_KEY_ID ?? '';
  }

  private get razorpay(): Razorpay {
    if (!this.client) {
      const client = new Razorpay({
        key_id: this.config.RAZORPAY_KEY_ID ?? '',
        key_secret: this.config.RAZORPAY_KEY_SECRET ?? '',
      });
      // The SDK has no base-URL or timeout option; its requests all go through this axios
      // instance, so pointing it at RAZORPAY_API_BASE (a stand-in in tests) is the only way.
      const http = (client as unknown as { api: { rq: { defaults: AxiosDefaults } } }).api.rq;
      if (this.config.RAZORPAY_API_BASE) {
        http.defaults.baseURL = this.config.RAZORPAY_API_BASE;
      }
      http.defaults.timeout = this.config.PAYMENT_PROVIDER_TIMEOUT_MS;
      this.client = client;
    }
    return this.client;
  }

  async createOrder(input: {
    paymentId: string;
    appointmentId: string;
    amount: number;
    currency: string;
  }): Promise<{ id: string }> {
    const order = await this.call(() =>
      this.razorpay.orders.create({
        amount: input.amount,
        currency: input.currency,
        receipt: input.appointmentId,
        notes: { appointmentId: input.appointmentId, paymentId: input.paymentId },
      }),
    );
    return { id: order.id };
  }

  async fetchPayment(paymentId: string): Promise<RazorpayPaymentEntity> {
    return await this.call(() => this.razorpay.payments.fetch(paymentId));
  }

  /** The order's outcome: paid when one of its payments was captured. */
  async getOrderCharge(orderId: string): Promise<ProviderCharge> {
    const list = (await this.call(() => this.razorpay.orders.fetchPayments(orderId))) as {
      items: RazorpayPaymentEntity[];
    };
    const captured = list.items.find((p) => p.status === 'captured');
    if (captured) {
      return chargeOfPayment(captured);
    }
    const failed = list.items.length > 0 && list.items.every((p) => p.status === 'failed');
    return {
      state: failed ? 'failed' : 'open',
      providerPaymentId: null,
      amount: null,
      currency: null,
    };
  }

  /**
   * Refunds with `key` recorded in the refund's notes. Razorpay has no idempotency key on this
   * call, so a retry first looks for a refund of this payment carrying the same key.
   */
  async refund(paymentId: string, amount: number, key: string): Promise<{ id: string }> {
    const existing = (await this.call(() =>
      this.razorpay.payments.fetchMultipleRefund(paymentId, { count: 100 }),
    )) as { items: RazorpayRefundEntity[] };
    const found = existing.items.find(
      (r) => !Array.isArray(r.notes) && r.notes?.idempotency_key === key,
    );
    if (found) {
      return { id: found.id };
    }
    const refund = (await this.call(() =>
      this.razorpay.payments.refund(paymentId, {
        amount,
        speed: 'normal',
        receipt: key,
        notes: { idempotency_key: key },
      }),
    )) as RazorpayRefundEntity;
    return { id: refund.id };
  }

  /** Checkout signature: HMAC-SHA256 of `order_id|payment_id` with the key secret. */
  verifyCheckoutSignature(storedOrderId: string, paymentId: string, signature: string): boolean {
    return safeEqualHex(
      hmacHex(this.config.RAZORPAY_KEY_SECRET ?? '', `${storedOrderId}|${paymentId}`),
      signature,
    );
  }

  /** Webhook signature: HMAC-SHA256 of the raw body with the webhook secret. */
  verifyWebhook(rawBody: Buffer, signature: string): boolean {
    return safeEqualHex(hmacHex(this.config.RAZORPAY_WEBHOOK_SECRET ?? '', rawBody), signature);
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new ProviderCallError('razorpay', describeProviderError(err));
    }
  }
}

interface AxiosDefaults {
  baseURL?: string;
  timeout?: number;
}

export function chargeOfPayment(p: RazorpayPaymentEntity): ProviderCharge {
  const state: ProviderCharge['state'] =
    p.status === 'captured' ? 'paid' : p.status === 'failed' ? 'failed' : 'open';
  return {
    state,
    providerPaymentId: p.id,
    amount: Number(p.amount),
    currency: p.currency ? p.currency.toUpperCase() : null,
  };
}

function hmacHex(secret: string, data: string | Buffer): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

function safeEqualHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
