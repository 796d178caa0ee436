import Stripe from 'stripe';
import { StandInServer, type StandInReply, type StandInRequest } from './stand-in-server';

export interface StandInSession {
  id: string;
  object: 'checkout.session';
  url: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  success_url: string;
  cancel_url: string;
}

export interface StandInRefund {
  id: string;
  object: 'refund';
  amount: number;
  payment_intent: string;
  status: 'succeeded';
  idempotencyKey: string | null;
}

/**
 * Plays the parts of Stripe's API the app uses: Checkout Sessions (create, retrieve, expire)
 * and refunds, with form-encoded bodies and Idempotency-Key replay, as the real API does.
 */
export class StripeStandIn extends StandInServer {
  readonly webhookSecret = 'whsec_test_standin_secret';
  readonly secretKey = 'sk_test_standin';
  readonly sessions = new Map<string, StandInSession>();
  readonly refunds: StandInRefund[] = [];
  private readonly idempotent = new Map<string, StandInReply>();
  private seq = 0;
  private readonly signer = new Stripe('sk_test_signer');

  protected route(req: StandInRequest): StandInReply {
    const key = req.headers['idempotency-key'];
    const idemKey = typeof key === 'string' ? `${req.method} ${req.path} ${key}` : null;
    if (req.method === 'POST' && idemKey && this.idempotent.has(idemKey)) {
      return this.idempotent.get(idemKey) as StandInReply;
    }
    const reply = this.handle(req, typeof key === 'string' ? key : null);
    if (req.method === 'POST' && idemKey && reply.status < 500) {
      this.idempotent.set(idemKey, reply);
    }
    return reply;
  }

  private handle(req: StandInRequest, key: string | null): StandInReply {
    const form = new URLSearchParams(req.body);
    const m = /^\/v1\/checkout\/sessions(?:\/([^/]+))?(\/expire)?$/.exec(req.path);
    if (m && req.method === 'POST' && !m[1]) {
      const id = `cs_test_${++this.seq}`;
      const session: StandInSession = {
        id,
        object: 'checkout.session',
        url: `https://checkout.stripe.test/pay/${id}`,
        status: 'open',
        payment_status: 'unpaid',
        amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
        currency: form.get('line_items[0][price_data][currency]') ?? '',
        client_reference_id: form.get('client_reference_id'),
        metadata: {
          appointmentId: form.get('metadata[appointmentId]') ?? '',
          paymentId: form.get('metadata[paymentId]') ?? '',
        },
        payment_intent: null,
        success_url: form.get('success_url') ?? '',
        cancel_url: form.get('cancel_url') ?? '',
      };
      this.sessions.set(id, session);
      return ok(session);
    }
    if (m && m[1]) {
      const session = this.sessions.get(m[1]);
      if (!session) {
        return invalid(404, `No such checkout session: ${m[1]}`);
      }
      if (req.method === 'GET') {
        return ok(session);
      }
      if (req.method === 'POST' && m[2]) {
        if (session.status !== 'open') {
          return invalid(400, 'Only Checkout Sessions with a status in [open] can be expired.');
        }
        session.status = 'expired';
        return ok(session);
      }
    }
    if (req.path === '/v1/refunds' && req.method === 'POST') {
      const intent = form.get('payment_intent') ?? '';
      const session = [...this.sessions.values()].find((s) => s.payment_intent === intent);
      if (!session) {
        return invalid(404, `No such payment_intent: '${intent}'`);
      }
      const amount = Number(form.get('amount') ?? session.amount_total);
      const already = this.refundedOf(intent);
      if (already + amount > session.amount_total) {
        return invalid(400, 'Refund amount is greater than unrefunded amount on charge');
      }
      const refund: StandInRefund = {
        id: `re_test_${++this.seq}`,
        object: 'refund',
        amount,
        payment_intent: intent,
        status: 'succeeded',
        idempotencyKey: key,
      };
      this.refunds.push(refund);
      return ok(refund);
    }
    return invalid(404, `Unrecognized request URL (${req.method}: ${req.path})`);
  }

  refundedOf(paymentIntent: string): number {
    return this.refunds
      .filter((r) => r.payment_intent === paymentIntent)
      .reduce((sum, r) => sum + r.amount, 0);
  }

  /** The patient paid on the Checkout page. */
  complete(sessionId: string): StandInSession {
    const session = this.sessions.get(sessionId);
    if (!session) {
      throw new Error(`no session ${sessionId}`);
    }
    session.status = 'complete';
    session.payment_status = 'paid';
    session.payment_intent = `pi_test_${++this.seq}`;
    return { ...session };
  }

  /** A webhook event body as Stripe sends it. */
  event(type: string, object: StandInSession, id = `evt_test_${++this.seq}`): string {
    return JSON.stringify({
      id,
      object: 'event',
      api_version: '2025-01-27',
      created: Math.floor(Date.now() / 1000),
      type,
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
  }

  /** The Stripe-Signature header for `payload`, optionally signed at another time. */
  sign(payload: string, timestamp?: number, secret = this.webhookSecret): string {
    return this.signer.webhooks.generateTestHeaderString({ payload, secret, timestamp });
  }
}

function ok(body: unknown): StandInReply {
  return { status: 200, body };
}

function invalid(status: number, message: string): StandInReply {
  return { status, body: { error: { type: 'invalid_request_error', message } } };
}
