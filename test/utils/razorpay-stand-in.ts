import { createHmac } from 'node:crypto';
import { StandInServer, type StandInReply, type StandInRequest } from './stand-in-server';

export interface StandInOrder {
  id: string;
  entity: 'order';
  amount: number;
  currency: string;
  receipt: string;
  notes: Record<string, string>;
  status: 'created' | 'paid';
}

export interface StandInPayment {
  id: string;
  entity: 'payment';
  order_id: string;
  amount: number;
  currency: string;
  status: 'captured' | 'failed' | 'authorized';
}

export interface StandInRazorpayRefund {
  id: string;
  entity: 'refund';
  payment_id: string;
  amount: number;
  notes: Record<string, string>;
  receipt: string | null;
  status: 'processed';
}

/** Plays the parts of Razorpay's API the app uses: orders, payments, refunds (JSON bodies). */
export class RazorpayStandIn extends StandInServer {
  readonly keyId = 'rzp_test_standin';
  readonly keySecret = 'rzp_secret_standin';
  readonly webhookSecret = 'rzp_webhook_standin';
  readonly orders = new Map<string, StandInOrder>();
  readonly payments = new Map<string, StandInPayment>();
  readonly refunds: StandInRazorpayRefund[] = [];
  private seq = 0;

  protected route(req: StandInRequest): StandInReply {
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    if (req.method === 'POST' && req.path === '/v1/orders') {
      const order: StandInOrder = {
        id: `order_${++this.seq}`,
        entity: 'order',
        amount: Number(body.amount),
        currency: String(body.currency),
        receipt: String(body.receipt),
        notes: (body.notes ?? {}) as Record<string, string>,
        status: 'created',
      };
      this.orders.set(order.id, order);
      return ok(order);
    }
    let m = /^\/v1\/orders\/([^/]+)\/payments$/.exec(req.path);
    if (m && req.method === 'GET') {
      const items = [...this.payments.values()].filter((p) => p.order_id === m?.[1]);
      return ok({ entity: 'collection', count: items.length, items });
    }
    m = /^\/v1\/payments\/([^/]+)(\/refunds?)?$/.exec(req.path);
    if (m) {
      const payment = this.payments.get(m[1]);
      if (!payment) {
        return bad(400, 'The id provided does not exist');
      }
      if (req.method === 'GET' && !m[2]) {
        return ok(payment);
      }
      if (req.method === 'GET' && m[2] === '/refunds') {
        const items = this.refunds.filter((r) => r.payment_id === payment.id);
        return ok({ entity: 'collection', count: items.length, items });
      }
      if (req.method === 'POST' && m[2] === '/refund') {
        const amount = Number(body.amount ?? payment.amount);
        if (this.refundedOf(payment.id) + amount > payment.amount) {
          return bad(400, 'The refund amount provided is greater than amount captured');
        }
        const refund: StandInRazorpayRefund = {
          id: `rfnd_${++this.seq}`,
          entity: 'refund',
          payment_id: payment.id,
          amount,
          notes: (body.notes ?? {}) as Record<string, string>,
          receipt: typeof body.receipt === 'string' ? body.receipt : null,
          status: 'processed',
        };
        this.refunds.push(refund);
        return ok(refund);
      }
    }
    return bad(404, `The requested URL was not found on the server (${req.path})`);
  }

  refundedOf(paymentId: string): number {
    return this.refunds
      .filter((r) => r.payment_id === paymentId)
      .reduce((sum, r) => sum + r.amount, 0);
  }

  /** The patient paid the order in Razorpay Checkout (auto-capture). */
  pay(orderId: string, status: StandInPayment['status'] = 'captured'): StandInPayment {
    const order = this.orders.get(orderId);
    if (!order) {
      throw new Error(`no order ${orderId}`);
    }
    const payment: StandInPayment = {
      id: `pay_${++this.seq}`,
      entity: 'payment',
      order_id: orderId,
      amount: order.amount,
      currency: order.currency,
      status,
    };
    this.payments.set(payment.id, payment);
    if (status === 'captured') {
      order.status = 'paid';
    }
    return payment;
  }

  /** What Razorpay Checkout hands the browser after paying. */
  checkoutSignature(orderId: string, paymentId: string, secret = this.keySecret): string {
    return createHmac('sha256', secret).update(`${orderId}|${paymentId}`).digest('hex');
  }

  webhook(event: string, payment: StandInPayment): string {
    return JSON.stringify({
      entity: 'event',
      account_id: 'acc_test',
      event,
      contains: ['payment'],
      payload: { payment: { entity: payment } },
      created_at: Math.floor(Date.now() / 1000),
    });
  }

  sign(body: string, secret = this.webhookSecret): string {
    return createHmac('sha256', secret).update(body).digest('hex');
  }
}

function ok(body: unknown): StandInReply {
  return { status: 200, body };
}

function bad(status: number, description: string): StandInReply {
  return { status, body: { error: { code: 'BAD_REQUEST_ERROR', description } } };
}
