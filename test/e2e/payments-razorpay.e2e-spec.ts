import { Types } from 'mongoose';
import { HoldReleaseJob } from '../../src/modules/jobs/hold-release.job';
import { book, createBookableDoctor, slotAfter } from '../factories/appointments.factory';
import type { TestDoctor } from '../factories/doctors.factory';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { drainOutbox } from '../utils/outbox';
import { getPayment, paymentEnv, postRazorpayWebhook, startPayment } from '../utils/payments';
import { RazorpayStandIn } from '../utils/razorpay-stand-in';
import { createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf } from '../utils/responses';
import type { WebhookResultDto } from '../../src/modules/payments/dto/webhook-result.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type { PaymentResponseDto } from '../../src/modules/payments/dto/payment-response.dto';

const A = `${API}/appointments`;
const base = new Date();
const slot = (hoursAhead: number): Date => slotAfter(hoursAhead, base);

describe('payments with Razorpay (e2e, real SDK against a stand-in)', () => {
  const razorpay = new RazorpayStandIn();
  let t: TestApp;
  let doctor: TestDoctor;

  beforeAll(async () => {
    const url = await razorpay.start();
    t = await createTestApp({ env: paymentEnv({ razorpay: { url, r: razorpay } }) });
    doctor = await createBookableDoctor(t, { fee: 70001, currency: 'INR' });
  });
  afterAll(async () => {
    await t.close();
    await razorpay.stop();
  });

  const appointment = async (user: TestUser, id: string) =>
    dataOf<AppointmentResponseDto>(
      await t.http.get(`${A}/${id}`).set(bearer(user.accessToken)).expect(200),
    );

  const verify = (user: TestUser, body: Record<string, string>) =>
    t.http.post(`${API}/payments/razorpay/verify`).set(bearer(user.accessToken)).send(body);

  it('book -> order -> checkout verified -> confirmed; cancel -> refund by policy', async () => {
    const patient = await registerPatient(t);
    const a = await book(t, patient, doctor.id, slot(30));
    const payment = await startPayment(t, patient, a.id, 'razorpay');
    expect(payment.razorpay).toEqual({
      orderId: payment.providerRef,
      amount: 70001,
      currency: 'INR',
      keyId: razorpay.keyId,
    });
    const order = razorpay.orders.get(payment.providerRef as string);
    expect(order).toMatchObject({ amount: 70001, currency: 'INR', receipt: a.id });

    const paid = razorpay.pay(order?.id as string);
    const res = await verify(patient, {
      razorpay_order_id: order?.id as string,
      razorpay_payment_id: paid.id,
      razorpay_signature: razorpay.checkoutSignature(order?.id as string, paid.id),
    }).expect(201);
    expect(dataOf<PaymentResponseDto>(res)).toMatchObject({
      status: 'succeeded',
      providerPaymentId: paid.id,
    });
    expect(await appointment(patient, a.id)).toMatchObject({
      status: 'confirmed',
      paymentState: 'paid',
      paidAmount: 70001,
    });
    // The webhook for the same payment arrives afterwards: recorded, no second effect.
    const hook = razorpay.webhook('payment.captured', paid);
    const dup = await postRazorpayWebhook(t, hook, razorpay.sign(hook), 'evt_rzp_1');
    expect(dup.status).toBe(200);
    expect(dataOf<WebhookResultDto>(dup)).toEqual({ outcome: 'unchanged' });

    await t.http.post(`${A}/${a.id}/cancel`).set(bearer(patient.accessToken)).send({}).expect(200);
    await drainOutbox(t);
    expect(razorpay.refundedOf(paid.id)).toBe(70001);
    expect(razorpay.refunds[razorpay.refunds.length - 1].notes).toEqual({
      idempotency_key: `refund_cancel_${a.id}`,
    });
    expect(await getPayment(t, patient, payment.id)).toMatchObject({
      status: 'refunded',
      refundedAmount: 70001,
    });
  });

  it('refunds half of an odd fee, rounded down to the minor unit, inside 24 h', async () => {
    const patient = await registerPatient(t);
    const a = await book(t, patient, doctor.id, slot(23));
    const payment = await startPayment(t, patient, a.id, 'razorpay');
    const paid = razorpay.pay(payment.providerRef as string);
    const hook = razorpay.webhook('payment.captured', paid);
    const res = await postRazorpayWebhook(t, hook, razorpay.sign(hook), 'evt_rzp_2');
    expect(dataOf<WebhookResultDto>(res)).toEqual({ outcome: 'paid' });
    await t.http.post(`${A}/${a.id}/cancel`).set(bearer(patient.accessToken)).send({}).expect(200);
    await drainOutbox(t);
    expect(razorpay.refundedOf(paid.id)).toBe(35000);
    expect(await appointment(patient, a.id)).toMatchObject({ paymentState: 'partially_refunded' });
  });

  it('rejects a forged checkout signature, another order id, and another patient (no effect)', async () => {
    const patient = await registerPatient(t);
    const other = await registerPatient(t);
    const a = await book(t, patient, doctor.id, slot(34));
    const payment = await startPayment(t, patient, a.id, 'razorpay');
    const orderId = payment.providerRef as string;
    const paid = razorpay.pay(orderId);
    const forged = await verify(patient, {
      razorpay_order_id: orderId,
      razorpay_payment_id: paid.id,
      razorpay_signature: razorpay.checkoutSignature(orderId, paid.id, 'not-the-secret'),
    }).expect(400);
    expect(errorOf(forged).code).toBe('PAYMENT_SIGNATURE_INVALID');
    // A payment of another order, signed for it, cannot pay this one.
    const b = await book(t, other, doctor.id, slot(35));
    const otherPayment = await startPayment(t, other, b.id, 'razorpay');
    const otherPaid = razorpay.pay(otherPayment.providerRef as string);
    const swapped = await verify(patient, {
      razorpay_order_id: orderId,
      razorpay_payment_id: otherPaid.id,
      razorpay_signature: razorpay.checkoutSignature(
        otherPayment.providerRef as string,
        otherPaid.id,
      ),
    }).expect(400);
    expect(errorOf(swapped).code).toBe('PAYMENT_SIGNATURE_INVALID');
    const bola = await verify(other, {
      razorpay_order_id: orderId,
      razorpay_payment_id: paid.id,
      razorpay_signature: razorpay.checkoutSignature(orderId, paid.id),
    }).expect(404);
    expect(errorOf(bola).code).toBe('PAYMENT_NOT_FOUND');
    expect(await appointment(patient, a.id)).toMatchObject({ status: 'pending' });
  });

  it('applies a webhook delivered 5 times concurrently once, and rejects a tampered one', async () => {
    const patient = await registerPatient(t);
    const a = await book(t, patient, doctor.id, slot(36));
    const payment = await startPayment(t, patient, a.id, 'razorpay');
    const paid = razorpay.pay(payment.providerRef as string);
    const hook = razorpay.webhook('payment.captured', paid);
    const tampered = hook.replace(`"amount":70001`, `"amount":1`);
    const bad = await postRazorpayWebhook(t, tampered, razorpay.sign(hook), 'evt_rzp_t');
    expect(bad.status).toBe(400);
    expect(errorOf(bad).code).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(await appointment(patient, a.id)).toMatchObject({ status: 'pending' });

    // A failed attempt arriving late must not undo the capture.
    const failedHook = razorpay.webhook('payment.failed', { ...paid, status: 'failed' });
    const responses = await Promise.all([
      ...[1, 2, 3, 4, 5].map(() => postRazorpayWebhook(t, hook, razorpay.sign(hook), 'evt_rzp_3')),
      postRazorpayWebhook(t, failedHook, razorpay.sign(failedHook), 'evt_rzp_4'),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(responses.filter((r) => dataOf<WebhookResultDto>(r).outcome === 'paid')).toHaveLength(1);
    expect(await getPayment(t, patient, payment.id)).toMatchObject({ status: 'succeeded' });
    const events = await t.connection
      .collection('payment_provider_events')
      .countDocuments({ _id: { $in: ['razorpay:evt_rzp_3', 'razorpay:evt_rzp_4'] } } as never);
    expect(events).toBe(2);
    expect(
      await t.connection
        .collection('invoices')
        .countDocuments({ paymentId: new Types.ObjectId(payment.id), kind: 'invoice' }),
    ).toBe(1);
  });

  it('a capture after the hold was released and the slot rebooked is refunded once in full', async () => {
    const first = await registerPatient(t);
    const second = await registerPatient(t);
    const at = slot(38);
    const a = await book(t, first, doctor.id, at);
    const payment = await startPayment(t, first, a.id, 'razorpay');
    const release = await t.get(HoldReleaseJob).run(new Date(Date.now() + 16 * 60_000));
    expect(release.ran).toBe(true);
    expect(await getPayment(t, first, payment.id)).toMatchObject({ status: 'expired' });
    const b = await book(t, second, doctor.id, at);
    const paid = razorpay.pay(payment.providerRef as string);
    const hook = razorpay.webhook('payment.captured', paid);
    const responses = await Promise.all(
      [1, 2, 3].map(() => postRazorpayWebhook(t, hook, razorpay.sign(hook), 'evt_rzp_late')),
    );
    expect(
      responses.filter((r) => dataOf<WebhookResultDto>(r).outcome === 'paid_unapplied'),
    ).toHaveLength(1);
    expect(razorpay.refunds.filter((r) => r.payment_id === paid.id)).toHaveLength(1);
    expect(razorpay.refundedOf(paid.id)).toBe(70001);
    expect(await appointment(second, b.id)).toMatchObject({ status: 'pending' });
    expect(await appointment(first, a.id)).toMatchObject({ status: 'cancelled' });
    expect(await getPayment(t, first, payment.id)).toMatchObject({
      status: 'refunded',
      applied: false,
    });
  });
});
