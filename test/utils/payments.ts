import type { Response } from 'supertest';
import type { HttpApp } from './test-app';
import { bearer } from '../factories/users.factory';
import type { RazorpayStandIn } from './razorpay-stand-in';
import type { StripeStandIn } from './stripe-stand-in';
import { API } from './http';
import { dataOf } from './responses';
import type {
  CreatePaymentResponseDto,
  PaymentResponseDto,
} from '../../src/modules/payments/dto/payment-response.dto';

/** Environment for an app whose payment providers are the given stand-ins. */
export function paymentEnv(
  stand: {
    stripe?: { url: string; s: StripeStandIn };
    razorpay?: { url: string; r: RazorpayStandIn };
  },
  extra: Record<string, string> = {},
): Record<string, string> {
  const providers = ['clinic'];
  const env: Record<string, string> = {
    PAYMENT_MODE: 'online',
    HOLD_MINUTES: '15',
    PAYMENT_PROVIDER_TIMEOUT_MS: '1500',
  };
  if (stand.stripe) {
    providers.push('stripe');
    Object.assign(env, {
      STRIPE_SECRET_KEY: stand.stripe.s.secretKey,
      STRIPE_WEBHOOK_SECRET: stand.stripe.s.webhookSecret,
      STRIPE_API_BASE: stand.stripe.url,
    });
  }
  if (stand.razorpay) {
    providers.push('razorpay');
    Object.assign(env, {
      RAZORPAY_KEY_ID: stand.razorpay.r.keyId,
      RAZORPAY_KEY_SECRET: stand.razorpay.r.keySecret,
      RAZORPAY_WEBHOOK_SECRET: stand.razorpay.r.webhookSecret,
      RAZORPAY_API_BASE: stand.razorpay.url,
    });
  }
  return { ...env, PAYMENT_PROVIDERS: providers.join(','), ...extra };
}

/** What the API answers for a payment: the real response DTOs, not copies of them. */
export type PaymentDto = PaymentResponseDto;

export async function startPayment(
  t: HttpApp,
  patient: { accessToken: string },
  appointmentId: string,
  provider: 'stripe' | 'razorpay',
): Promise<CreatePaymentResponseDto> {
  const res = await t.http
    .post(`${API}/payments`)
    .set(bearer(patient.accessToken))
    .send({ appointmentId, provider });
  if (res.status !== 201) {
    throw new Error(`startPayment failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return dataOf<CreatePaymentResponseDto>(res);
}

export async function getPayment(
  t: HttpApp,
  user: { accessToken: string },
  id: string,
): Promise<PaymentDto> {
  const res = await t.http.get(`${API}/payments/${id}`).set(bearer(user.accessToken)).expect(200);
  return dataOf<PaymentDto>(res);
}

export function postStripeWebhook(
  t: HttpApp,
  payload: string,
  signature: string,
): Promise<Response> {
  return t.http
    .post(`${API}/payments/webhooks/stripe`)
    .set('Content-Type', 'application/json')
    .set('Stripe-Signature', signature)
    .send(payload)
    .then((r) => r);
}

export function postRazorpayWebhook(
  t: HttpApp,
  payload: string,
  signature: string,
  eventId?: string,
): Promise<Response> {
  const req = t.http
    .post(`${API}/payments/webhooks/razorpay`)
    .set('Content-Type', 'application/json')
    .set('X-Razorpay-Signature', signature);
  return (eventId ? req.set('X-Razorpay-Event-Id', eventId) : req).send(payload).then((r) => r);
}
