import { HoldReleaseJob } from '../../src/modules/jobs/hold-release.job';
import { Mailer, type MailMessage } from '../../src/modules/notifications/mailer';
import { book, createBookableDoctor, slotAfter } from '../factories/appointments.factory';
import type { TestDoctor } from '../factories/doctors.factory';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { drainOutbox } from '../utils/outbox';
import { drainNotifications } from '../utils/notifications';
import { getPayment, paymentEnv, postStripeWebhook, startPayment } from '../utils/payments';
import { StripeStandIn } from '../utils/stripe-stand-in';
import { createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type { WebhookResultDto } from '../../src/modules/payments/dto/webhook-result.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type {
  CreatePaymentResponseDto,
  PaymentResponseDto,
} from '../../src/modules/payments/dto/payment-response.dto';
import type { NotificationDto } from '../../src/modules/notifications/dto/notification.dto';

const A = `${API}/appointments`;
const MINUTE = 60_000;
const base = new Date();
const slot = (hoursAhead: number): Date => slotAfter(hoursAhead, base);

describe('payments with Stripe Checkout (e2e, real SDK against a stand-in)', () => {
  const stripe = new StripeStandIn();
  let t: TestApp;
  let doctor: TestDoctor;
  const sent: MailMessage[] = [];

  beforeAll(async () => {
    const url = await stripe.start();
    t = await createTestApp({ env: paymentEnv({ stripe: { url, s: stripe } }) });
    jest.spyOn(t.get(Mailer), 'send').mockImplementation(async (m) => {
      sent.push(m);
    });
    doctor = await createBookableDoctor(t, { fee: 49999, currency: 'INR' });
  });
  afterAll(async () => {
    await t.close();
    await stripe.stop();
  });

  const appointment = async (user: TestUser, id: string) =>
    dataOf<AppointmentResponseDto>(
      await t.http.get(`${A}/${id}`).set(bearer(user.accessToken)).expect(200),
    );

  /** Books, starts a Checkout Session and has the patient pay it; returns ids and the event. */
  const bookAndPay = async (hours: number) => {
    const patient = await registerPatient(t);
    const a = await book(t, patient, doctor.id, slot(hours));
    const payment = await startPayment(t, patient, a.id, 'stripe');
    const session = stripe.complete(payment.providerRef as string);
    const payload = stripe.event('checkout.session.completed', session);
    return { patient, a, payment, session, payload };
  };

  it('book -> pay -> webhook -> confirmed and paid, with an invoice', async () => {
    const patient = await registerPatient(t);
    const a = await book(t, patient, doctor.id, slot(30));
    const payment = await startPayment(t, patient, a.id, 'stripe');
    expect(payment).toMatchObject({
      paymentId: payment.id,
      status: 'created',
      amount: 49999,
      currency: 'INR',
      checkoutUrl: expect.stringMatching(/^https:\/\/checkout\.stripe\.test\/pay\/cs_test_/),
    });
    const session = stripe.sessions.get(payment.providerRef as string);
    expect(session).toMatchObject({
      amount_total: 49999,
      currency: 'inr',
      client_reference_id: a.id,
      metadata: { appointmentId: a.id, paymentId: payment.id },
    });
    const create = stripe.requests.find((r) => r.path === '/v1/checkout/sessions');
    expect(create?.headers['idempotency-key']).toBe(`checkout_${payment.id}`);

    const paid = stripe.complete(payment.providerRef as string);
    const payload = stripe.event('checkout.session.completed', paid);
    const res = await postStripeWebhook(t, payload, stripe.sign(payload));
    expect(res.status).toBe(200);
    expect(dataOf<WebhookResultDto>(res)).toEqual({ outcome: 'paid' });

    expect(await appointment(patient, a.id)).toMatchObject({
      status: 'confirmed',
      paymentState: 'paid',
      paidAmount: 49999,
      holdExpiresAt: null,
    });
    const after = await getPayment(t, patient, payment.id);
    expect(after).toMatchObject({
      status: 'succeeded',
      applied: true,
      invoiceNumber: expect.stringMatching(
        new RegExp(`^INV-${new Date().getUTCFullYear()}-\\d{6}$`),
      ),
    });
  });

  it('refunds a patient cancellation 24 h or more ahead in full, later by half (minor units)', async () => {
    const early = await bookAndPay(25);
    await postStripeWebhook(t, early.payload, stripe.sign(early.payload)).then((r) =>
      expect(r.status).toBe(200),
    );
    const late = await bookAndPay(23);
    await postStripeWebhook(t, late.payload, stripe.sign(late.payload)).then((r) =>
      expect(r.status).toBe(200),
    );

    for (const x of [early, late]) {
      await t.http
        .post(`${A}/${x.a.id}/cancel`)
        .set(bearer(x.patient.accessToken))
        .send({})
        .expect(200);
    }
    await drainOutbox(t);

    expect(stripe.refundedOf(early.session.payment_intent as string)).toBe(49999);
    expect(stripe.refundedOf(late.session.payment_intent as string)).toBe(24999);
    const earlyPayment = await getPayment(t, early.patient, early.payment.id);
    expect(earlyPayment).toMatchObject({ status: 'refunded', refundedAmount: 49999 });
    expect(earlyPayment.refunds).toEqual([
      expect.objectContaining({
        amount: 49999,
        status: 'succeeded',
        reason: 'cancellation',
        creditNoteNumber: expect.stringMatching(/^CN-\d{4}-\d{6}$/),
      }),
    ]);
    expect(await appointment(early.patient, early.a.id)).toMatchObject({
      status: 'cancelled',
      paymentState: 'refunded',
      refundedAmount: 49999,
    });
    expect(await getPayment(t, late.patient, late.payment.id)).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 24999,
    });
    expect(await appointment(late.patient, late.a.id)).toMatchObject({
      paymentState: 'partially_refunded',
      cancellation: expect.objectContaining({ refundPercent: 50, refundDue: 24999 }),
    });
  });

  it('applies the same webhook delivered 5 times concurrently exactly once', async () => {
    const x = await bookAndPay(40);
    const signature = stripe.sign(x.payload);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => postStripeWebhook(t, x.payload, signature)),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const outcomes = responses.map((r) => dataOf<WebhookResultDto>(r).outcome as string).sort();
    expect(outcomes.filter((o) => o === 'paid')).toHaveLength(1);
    expect(
      outcomes.filter((o) => o !== 'paid').every((o) => ['duplicate', 'unchanged'].includes(o)),
    ).toBe(true);
    const a = await appointment(x.patient, x.a.id);
    expect(a.history.filter((h: { status: string }) => h.status === 'confirmed')).toHaveLength(1);
    const invoices = await t.connection
      .collection('invoices')
      .countDocuments({ paymentId: new (await import('mongoose')).Types.ObjectId(x.payment.id) });
    expect(invoices).toBe(1);
  });

  it('ignores an expired event arriving after the payment (states never move back)', async () => {
    const x = await bookAndPay(42);
    await postStripeWebhook(t, x.payload, stripe.sign(x.payload)).then((r) =>
      expect(r.status).toBe(200),
    );
    const expired = stripe.event('checkout.session.expired', { ...x.session, status: 'expired' });
    const res = await postStripeWebhook(t, expired, stripe.sign(expired));
    expect(res.status).toBe(200);
    expect(dataOf<WebhookResultDto>(res)).toEqual({ outcome: 'unchanged' });
    expect(await getPayment(t, x.patient, x.payment.id)).toMatchObject({ status: 'succeeded' });
  });

  it('rejects a tampered body, a wrong signature and a signature older than 5 minutes (400, no effect)', async () => {
    const x = await bookAndPay(44);
    const tampered = x.payload.replace('"amount_total":49999', '"amount_total":1');
    const old = Math.floor(Date.now() / 1000) - 301;
    const cases = [
      postStripeWebhook(t, tampered, stripe.sign(x.payload)),
      postStripeWebhook(t, x.payload, stripe.sign(x.payload, undefined, 'whsec_wrong')),
      postStripeWebhook(t, x.payload, stripe.sign(x.payload, old)),
      postStripeWebhook(t, x.payload, 'garbage'),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('WEBHOOK_SIGNATURE_INVALID');
    }
    expect(await appointment(x.patient, x.a.id)).toMatchObject({
      status: 'pending',
      paymentState: 'unpaid',
    });
    expect(await getPayment(t, x.patient, x.payment.id)).toMatchObject({ status: 'created' });
  });

  it("refuses client-set amounts, currencies and statuses, and other patients' bookings", async () => {
    const owner = await registerPatient(t);
    const other = await registerPatient(t);
    const a = await book(t, owner, doctor.id, slot(46));
    for (const extra of [{ amount: 1 }, { currency: 'USD' }, { status: 'succeeded' }]) {
      const res = await t.http
        .post(`${API}/payments`)
        .set(bearer(owner.accessToken))
        .send({ appointmentId: a.id, provider: 'stripe', ...extra })
        .expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    }
    const bola = await t.http
      .post(`${API}/payments`)
      .set(bearer(other.accessToken))
      .send({ appointmentId: a.id, provider: 'stripe' })
      .expect(404);
    expect(errorOf(bola).code).toBe('APPOINTMENT_NOT_FOUND');
    const payment = await startPayment(t, owner, a.id, 'stripe');
    await t.http.get(`${API}/payments/${payment.id}`).set(bearer(other.accessToken)).expect(404);
    await t.http.get(`${A}/${a.id}/payments`).set(bearer(other.accessToken)).expect(404);
    const mine = await t.http
      .get(`${A}/${a.id}/payments`)
      .set(bearer(owner.accessToken))
      .expect(200);
    expect(dataOf<PaymentResponseDto[]>(mine)).toHaveLength(1);
  });

  it('keeps the paid-late patient out of a rebooked slot and refunds them exactly once', async () => {
    const first = await registerPatient(t);
    const second = await registerPatient(t);
    const at = slot(50);
    const a = await book(t, first, doctor.id, at);
    const payment = await startPayment(t, first, a.id, 'stripe');
    // The hold lapses; Stripe cannot be reached to expire the session, so the slot is released.
    stripe.inject('POST', `/v1/checkout/sessions/${payment.providerRef}/expire`, 'error');
    stripe.inject('GET', `/v1/checkout/sessions/${payment.providerRef}`, 'error');
    const release = await t.get(HoldReleaseJob).run(new Date(Date.now() + 16 * MINUTE));
    expect(release.ran).toBe(true);
    const b = await book(t, second, doctor.id, at);
    const session = stripe.complete(payment.providerRef as string);
    const payload = stripe.event('checkout.session.completed', session);
    const responses = await Promise.all(
      [0, 1, 2].map(() => postStripeWebhook(t, payload, stripe.sign(payload))),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    await drainOutbox(t);
    expect(await appointment(second, b.id)).toMatchObject({ status: 'pending' });
    expect(await appointment(first, a.id)).toMatchObject({ status: 'cancelled' });
    expect(stripe.refunds.filter((r) => r.payment_intent === session.payment_intent)).toHaveLength(
      1,
    );
    expect(stripe.refundedOf(session.payment_intent as string)).toBe(49999);
    expect(await getPayment(t, first, payment.id)).toMatchObject({
      status: 'refunded',
      applied: false,
      refunds: [expect.objectContaining({ reason: 'unapplied_payment', status: 'succeeded' })],
    });
    const told = await t.connection.collection('outbox_events').countDocuments({
      key: `payment.unapplied:${payment.id}`,
    });
    expect(told).toBe(1);
    await drainNotifications(t);
    // The patient is told once, by e-mail, with the amount and no medical details.
    const notices = sent.filter((m) => m.subject === 'Your payment is being refunded');
    expect(notices).toHaveLength(1);
    expect(notices[0].to).toBe(first.email);
    expect(notices[0].text).toContain('499.99 INR');
    expect(notices[0].text).toContain(payment.id);
  });

  it('expires the session when the hold lapses; a session paid meanwhile confirms instead', async () => {
    const unpaid = await registerPatient(t);
    const payer = await registerPatient(t);
    const a = await book(t, unpaid, doctor.id, slot(52));
    const b = await book(t, payer, doctor.id, slot(53));
    const pa = await startPayment(t, unpaid, a.id, 'stripe');
    const pb = await startPayment(t, payer, b.id, 'stripe');
    stripe.complete(pb.providerRef as string); // paid, but its webhook has not arrived yet
    const release = await t.get(HoldReleaseJob).run(new Date(Date.now() + 16 * MINUTE));
    expect(release.released).toBeGreaterThanOrEqual(1);
    expect(stripe.sessions.get(pa.providerRef as string)?.status).toBe('expired');
    expect(await getPayment(t, unpaid, pa.id)).toMatchObject({ status: 'expired' });
    expect(await appointment(unpaid, a.id)).toMatchObject({ status: 'cancelled' });
    expect(await getPayment(t, payer, pb.id)).toMatchObject({ status: 'succeeded', applied: true });
    expect(await appointment(payer, b.id)).toMatchObject({
      status: 'confirmed',
      paymentState: 'paid',
    });
  });

  it('lets the patient choose to pay at the clinic instead; the doctor records it once', async () => {
    const patient = await registerPatient(t);
    const a = await book(t, patient, doctor.id, slot(54));
    const chosen = await t.http
      .post(`${API}/payments`)
      .set(bearer(patient.accessToken))
      .send({ appointmentId: a.id, provider: 'clinic' })
      .expect(201);
    expect(dataOf<CreatePaymentResponseDto>(chosen)).toMatchObject({
      provider: 'clinic',
      status: 'created',
      amount: 49999,
    });
    expect(await appointment(patient, a.id)).toMatchObject({
      status: 'confirmed',
      paymentState: 'pay_at_clinic',
      holdExpiresAt: null,
    });
    const twice = await t.http
      .post(`${API}/payments`)
      .set(bearer(patient.accessToken))
      .send({ appointmentId: a.id, provider: 'stripe' })
      .expect(409);
    expect(errorOf(twice).code).toBe('APPOINTMENT_NOT_AWAITING_PAYMENT');
    const recorded = await t.http
      .post(`${A}/${a.id}/payments/clinic`)
      .set(bearer(doctor.accessToken))
      .expect(201);
    expect(dataOf<PaymentResponseDto>(recorded)).toMatchObject({
      id: dataOf<CreatePaymentResponseDto>(chosen).paymentId,
      status: 'succeeded',
      invoiceNumber: expect.stringMatching(/^INV-/),
    });
    await t.http.post(`${A}/${a.id}/payments/clinic`).set(bearer(doctor.accessToken)).expect(409);
  });

  it('keeps the hold after a failed or expired attempt, and the patient may try again', async () => {
    const patient = await registerPatient(t);
    const a = await book(t, patient, doctor.id, slot(56));
    const first = await startPayment(t, patient, a.id, 'stripe');
    const session = stripe.sessions.get(first.providerRef as string);
    const failed = stripe.event('checkout.session.async_payment_failed', {
      ...(session as NonNullable<typeof session>),
    });
    const res = await postStripeWebhook(t, failed, stripe.sign(failed));
    expect(dataOf<WebhookResultDto>(res)).toEqual({ outcome: 'failed' });
    // The patient is told, in-app and by an e-mail that cannot be switched off.
    await drainNotifications(t);
    const told = sent.filter(
      (m) => m.to === patient.email && m.subject.startsWith('Payment failed'),
    );
    expect(told).toHaveLength(1);
    expect(told[0].text).toContain(first.id);
    const inbox = await t.http.get(`${API}/notifications`).set(bearer(patient.accessToken));
    expect(pageOf<NotificationDto>(inbox).items.map((i: { type: string }) => i.type)).toContain(
      'payment_failed',
    );
    expect(await appointment(patient, a.id)).toMatchObject({
      status: 'pending',
      paymentState: 'unpaid',
      holdExpiresAt: a.holdExpiresAt,
    });
    const second = await startPayment(t, patient, a.id, 'stripe');
    expect(second.id).not.toBe(first.id);
    const paid = stripe.complete(second.providerRef as string);
    const payload = stripe.event('checkout.session.completed', paid);
    await postStripeWebhook(t, payload, stripe.sign(payload)).then((r) =>
      expect(dataOf<WebhookResultDto>(r)).toEqual({ outcome: 'paid' }),
    );
    const list = await t.http.get(`${A}/${a.id}/payments`).set(bearer(patient.accessToken));
    expect(dataOf<PaymentResponseDto[]>(list).map((p: { status: string }) => p.status)).toEqual([
      'succeeded',
      'failed',
    ]);
  });

  it('gives a double click, a retry and concurrent requests the same open checkout, never a second one', async () => {
    const patient = await registerPatient(t);
    const a = await book(t, patient, doctor.id, slot(62));
    const before = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions').length;
    const send = () =>
      t.http
        .post(`${API}/payments`)
        .set(bearer(patient.accessToken))
        .send({ appointmentId: a.id, provider: 'stripe' });
    const burst = await Promise.all(Array.from({ length: 6 }, send));
    for (const r of burst) {
      expect([201, 409]).toContain(r.status);
      if (r.status === 409) {
        expect(errorOf(r).code).toBe('PAYMENT_ATTEMPT_IN_PROGRESS');
      }
    }
    const started = burst.filter((r) => r.status === 201);
    expect(started.length).toBeGreaterThanOrEqual(1);
    const retry = await send().expect(201);
    const ids = new Set(
      [...started, retry].map((r) => dataOf<CreatePaymentResponseDto>(r).paymentId),
    );
    expect(ids.size).toBe(1);
    expect(dataOf<CreatePaymentResponseDto>(retry).checkoutUrl).toBe(
      dataOf<CreatePaymentResponseDto>(started[0]).checkoutUrl,
    );
    const after = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions').length;
    expect(after - before).toBe(1);
    const list = await t.http.get(`${A}/${a.id}/payments`).set(bearer(patient.accessToken));
    expect(dataOf<PaymentResponseDto[]>(list)).toHaveLength(1);
  });

  it('never confirms a booking on an amount other than its fee; that money is refunded', async () => {
    const x = await bookAndPay(58);
    const short = stripe.event('checkout.session.completed', { ...x.session, amount_total: 100 });
    const res = await postStripeWebhook(t, short, stripe.sign(short));
    expect(dataOf<WebhookResultDto>(res)).toEqual({ outcome: 'paid_unapplied' });
    expect(await appointment(x.patient, x.a.id)).toMatchObject({
      status: 'pending',
      paymentState: 'unpaid',
    });
    expect(stripe.refundedOf(x.session.payment_intent as string)).toBe(100);
  });
});
