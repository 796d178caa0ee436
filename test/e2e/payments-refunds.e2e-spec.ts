import { PaymentReconciliationJob } from '../../src/modules/jobs/payment-reconciliation.job';
import { RefundsRepository } from '../../src/modules/payments/refunds.repository';
import { book, createBookableDoctor, slotAfter } from '../factories/appointments.factory';
import { createAdmin, type TestDoctor } from '../factories/doctors.factory';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { drainOutbox } from '../utils/outbox';
import { getPayment, paymentEnv, postStripeWebhook, startPayment } from '../utils/payments';
import { StripeStandIn } from '../utils/stripe-stand-in';
import { createTestApp, uniqueDatabaseUri, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type { WebhookResultDto } from '../../src/modules/payments/dto/webhook-result.dto';
import type { RefundResponseDto } from '../../src/modules/payments/dto/payment-response.dto';
import type { NotificationDto } from '../../src/modules/notifications/dto/notification.dto';
import type { InvoiceResponseDto } from '../../src/modules/payments/dto/invoice-response.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';

const A = `${API}/appointments`;
const MINUTE = 60_000;
const base = new Date();
const slot = (hoursAhead: number): Date => slotAfter(hoursAhead, base);

describe('refunds under provider faults and crashes, on two app instances (e2e)', () => {
  const stripe = new StripeStandIn();
  let t: TestApp;
  let t2: TestApp;
  let doctor: TestDoctor;
  let admin: TestUser;

  beforeAll(async () => {
    const url = await stripe.start();
    const env = paymentEnv({ stripe: { url, s: stripe } });
    const mongodbUri = uniqueDatabaseUri();
    t = await createTestApp({ env, mongodbUri });
    t2 = await createTestApp({ env, mongodbUri });
    doctor = await createBookableDoctor(t, { fee: 80000, currency: 'INR' });
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t2.close({ dropDatabase: false });
    await t.close();
    await stripe.stop();
  });

  /** A confirmed, paid booking 30 h ahead (full refund on cancellation). */
  const paidBooking = async (hours: number) => {
    const patient = await registerPatient(t);
    const a = await book(t, patient, doctor.id, slot(hours));
    const payment = await startPayment(t, patient, a.id, 'stripe');
    const session = stripe.complete(payment.providerRef as string);
    const payload = stripe.event('checkout.session.completed', session);
    const res = await postStripeWebhook(t, payload, stripe.sign(payload));
    expect(dataOf<WebhookResultDto>(res)).toEqual({ outcome: 'paid' });
    return { patient, a, payment, intent: session.payment_intent as string };
  };

  /** Cancels over HTTP, then the relay delivers the cancellation to the refund handler. */
  const cancel = async (x: { patient: TestUser; a: { id: string } }, app: TestApp = t) => {
    await app.http
      .post(`${A}/${x.a.id}/cancel`)
      .set(bearer(x.patient.accessToken))
      .send({})
      .expect(200);
    await drainOutbox(app);
  };

  const refundRequests = (intent: string) =>
    stripe.requests.filter((r) => r.path === '/v1/refunds' && r.body.includes(intent));

  it('a refund the provider answered too slowly is retried by an admin with the same key: one refund', async () => {
    const x = await paidBooking(30);
    stripe.inject('POST', '/v1/refunds', 'hang_after_processing');
    await cancel(x);
    const failed = await t.http
      .get(`${API}/admin/refunds`)
      .query({ status: 'failed' })
      .set(bearer(admin.accessToken))
      .expect(200);
    const refund = (
      pageOf<RefundResponseDto>(failed).items as Array<{ id: string; paymentId: string }>
    ).find((r) => r.paymentId === x.payment.id);
    expect(refund).toMatchObject({ status: 'failed', attempts: 1, amount: 80000 });
    // Admins hear of the failed refund once, in-app.
    await drainOutbox(t);
    const inbox = await t.http.get(`${API}/notifications`).set(bearer(admin.accessToken));
    const told = (
      pageOf<NotificationDto>(inbox).items as Array<{ type: string; body: string }>
    ).filter((n) => n.type === 'refund_failed' && n.body.includes(refund?.id ?? '-'));
    expect(told).toHaveLength(1);
    expect(await getPayment(t, x.patient, x.payment.id)).toMatchObject({ status: 'succeeded' });

    const retried = await t.http
      .post(`${API}/admin/refunds/${refund?.id}/retry`)
      .set(bearer(admin.accessToken))
      .expect(201);
    expect(dataOf<RefundResponseDto>(retried)).toMatchObject({ status: 'succeeded', attempts: 2 });
    const keys = refundRequests(x.intent).map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual([`refund_cancel_${x.a.id}`, `refund_cancel_${x.a.id}`]);
    expect(stripe.refunds.filter((r) => r.payment_intent === x.intent)).toHaveLength(1);
    expect(await getPayment(t, x.patient, x.payment.id)).toMatchObject({
      status: 'refunded',
      refundedAmount: 80000,
    });
    const again = await t.http
      .post(`${API}/admin/refunds/${refund?.id}/retry`)
      .set(bearer(admin.accessToken))
      .expect(422);
    expect(errorOf(again).code).toBe('REFUND_NOT_RETRYABLE');
  });

  it('a refund that failed at the provider is retried by the reconciliation job: one refund', async () => {
    const x = await paidBooking(31);
    stripe.inject('POST', '/v1/refunds', 'error');
    await cancel(x);
    expect((await getPayment(t, x.patient, x.payment.id)).refunds).toEqual([
      expect.objectContaining({ status: 'failed' }),
    ]);
    expect(stripe.refunds.filter((r) => r.payment_intent === x.intent)).toHaveLength(0);
    const run = await t.get(PaymentReconciliationJob).run(new Date(Date.now() + 10 * MINUTE));
    expect(run).toMatchObject({ ran: true, refunds: 1 });
    expect(stripe.refundedOf(x.intent)).toBe(80000);
    expect(await getPayment(t, x.patient, x.payment.id)).toMatchObject({ status: 'refunded' });
  });

  it('a process killed between the provider call and the record still refunds once', async () => {
    const x = await paidBooking(32);
    const repo = t.get(RefundsRepository);
    // The provider makes the refund, then this instance "dies" before recording it.
    const crash = jest
      .spyOn(repo, 'markSucceeded')
      .mockRejectedValueOnce(new Error('process killed'));
    await cancel(x);
    crash.mockRestore();
    expect(stripe.refunds.filter((r) => r.payment_intent === x.intent)).toHaveLength(1);
    expect((await getPayment(t, x.patient, x.payment.id)).refunds).toEqual([
      expect.objectContaining({ status: 'pending' }),
    ]);
    // Both instances reconcile at once later; the refund lock lets one attempt, the key
    // makes the provider answer with the refund it already made.
    const later = new Date(Date.now() + 10 * MINUTE);
    await Promise.all([
      t.get(PaymentReconciliationJob).run(later),
      t2.get(PaymentReconciliationJob).run(later),
    ]);
    expect(stripe.refunds.filter((r) => r.payment_intent === x.intent)).toHaveLength(1);
    expect(await getPayment(t, x.patient, x.payment.id)).toMatchObject({
      status: 'refunded',
      refundedAmount: 80000,
      refunds: [expect.objectContaining({ status: 'succeeded', attempts: 2 })],
    });
  });

  it('two instances receiving the same webhooks and running the jobs apply each effect once', async () => {
    const patient = await registerPatient(t);
    const a = await book(t, patient, doctor.id, slot(33));
    const payment = await startPayment(t2, patient, a.id, 'stripe');
    const session = stripe.complete(payment.providerRef as string);
    const payload = stripe.event('checkout.session.completed', session);
    const signature = stripe.sign(payload);
    const responses = await Promise.all(
      [t, t2, t, t2, t, t2].map((app) => postStripeWebhook(app, payload, signature)),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(responses.filter((r) => dataOf<WebhookResultDto>(r).outcome === 'paid')).toHaveLength(1);
    await Promise.all([
      cancel({ patient, a }, t2),
      t.get(PaymentReconciliationJob).run(),
      t2.get(PaymentReconciliationJob).run(),
    ]);
    await Promise.all([drainOutbox(t), drainOutbox(t2)]);
    await Promise.all([
      t.get(PaymentReconciliationJob).run(new Date(Date.now() + 10 * MINUTE)),
      t2.get(PaymentReconciliationJob).run(new Date(Date.now() + 10 * MINUTE)),
    ]);
    const intent = session.payment_intent as string;
    expect(stripe.refunds.filter((r) => r.payment_intent === intent)).toHaveLength(1);
    const after = await getPayment(t, patient, payment.id);
    expect(after).toMatchObject({ status: 'refunded', refundedAmount: 80000 });
    expect(after.refunds).toHaveLength(1);
    const invoices = await t.http
      .get(`${API}/payments/${payment.id}/invoice`)
      .set(bearer(patient.accessToken))
      .expect(200);
    expect(dataOf<InvoiceResponseDto>(invoices).creditNotes).toHaveLength(1);
  });

  it('reconciles a payment whose webhook never came, once, from either instance', async () => {
    const patient = await registerPatient(t);
    const a = await book(t, patient, doctor.id, slot(34));
    const payment = await startPayment(t, patient, a.id, 'stripe');
    stripe.complete(payment.providerRef as string);
    const soon = await t.get(PaymentReconciliationJob).run();
    expect(soon.payments).toBe(0);
    const later = new Date(Date.now() + 16 * MINUTE);
    const runs = await Promise.all([
      t.get(PaymentReconciliationJob).run(later),
      t2.get(PaymentReconciliationJob).run(later),
    ]);
    expect(runs.reduce((n, r) => n + r.payments, 0)).toBe(1);
    expect(await getPayment(t, patient, payment.id)).toMatchObject({
      status: 'succeeded',
      applied: true,
    });
    const res = await t.http.get(`${A}/${a.id}`).set(bearer(patient.accessToken)).expect(200);
    expect(dataOf<AppointmentResponseDto>(res)).toMatchObject({
      status: 'confirmed',
      paymentState: 'paid',
    });
  });
});
