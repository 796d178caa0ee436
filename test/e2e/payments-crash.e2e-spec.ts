import { PaymentReconciliationJob } from '../../src/modules/jobs/payment-reconciliation.job';
import {
  adminEnv,
  API,
  bearer,
  bookRequest,
  createDoctorRequest,
  INITIAL_DOCTOR_PASSWORD,
  login,
  PASSWORD,
  registerPatient,
  slotAfter,
  uniqueEmail,
  type Account,
} from '../utils/api-journeys';
import { drainOutbox } from '../utils/outbox';
import { getPayment, paymentEnv, postStripeWebhook, startPayment } from '../utils/payments';
import { spawnApp, waitFor, type SpawnedApp } from '../utils/spawned-app';
import { StripeStandIn } from '../utils/stripe-stand-in';
import { createTestApp, uniqueDatabaseUri, type TestApp } from '../utils/test-app';
import { dataOf } from '../utils/responses';
import type { WebhookResultDto } from '../../src/modules/payments/dto/webhook-result.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';

const MINUTE = 60_000;

/**
 * A real crash, not a thrown error: the app runs in a process of its own, the cancellation's
 * refund reaches Stripe, Stripe makes the refund, and the process is SIGKILLed before the answer
 * arrives. Another instance over the same database finishes the job: exactly one refund.
 * Everything is set up through the HTTP API of the spawned process.
 */
describe('a process killed between the refund call and its record (e2e, spawns the app)', () => {
  const stripe = new StripeStandIn();
  let child: SpawnedApp | null = null;
  let survivor: TestApp | null = null;

  afterAll(async () => {
    await child?.kill();
    await survivor?.close();
    await stripe.stop();
  });

  it('refunds once after the instance that called the provider died', async () => {
    const url = await stripe.start();
    const mongodbUri = uniqueDatabaseUri();
    const { email: adminEmail, env: admin } = adminEnv();
    const env = paymentEnv({ stripe: { url, s: stripe } });
    child = await spawnApp({
      ...env,
      ...admin,
      MONGODB_URI: mongodbUri,
      // The refund call hangs until the process is killed, never timing out first.
      PAYMENT_PROVIDER_TIMEOUT_MS: '60000',
      JOBS_ENABLED: 'true',
      OUTBOX_POLL_MS: '100',
    });
    const app = child;

    // Admin adds a doctor (address, image); the doctor sets a password and round-the-clock hours.
    const adminAccount = await login(app, adminEmail);
    const doctorEmail = uniqueEmail('doctor');
    await createDoctorRequest(app, adminAccount, doctorEmail).expect(201);
    const first = await login(app, doctorEmail, INITIAL_DOCTOR_PASSWORD);
    await app.http
      .post(`${API}/auth/password/change`)
      .set(bearer(first.accessToken))
      .send({ currentPassword: INITIAL_DOCTOR_PASSWORD, newPassword: PASSWORD })
      .expect(200);
    const doctor = await login(app, doctorEmail);
    const allDay = [{ start: '00:00', end: '24:00' }];
    await app.http
      .put(`${API}/doctors/me/schedule`)
      .set(bearer(doctor.accessToken))
      .send({
        slotMinutes: 30,
        weekly: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay]),
        ),
      })
      .expect(200);

    // A patient books (once the relay has listed the doctor), pays with Stripe, then cancels
    // 30 h ahead: a full refund is due.
    const patient: Account = await registerPatient(app, 'Meera Iyer');
    const startsAt = slotAfter(30);
    let appointmentId = '';
    await waitFor(async () => {
      const res = await bookRequest(app, patient, doctor.id, startsAt);
      appointmentId = res.status === 201 ? dataOf<AppointmentResponseDto>(res).id : '';
      return res.status === 201;
    });
    const payment = await startPayment(app, patient, appointmentId, 'stripe');
    const session = stripe.complete(payment.providerRef as string);
    const paid = stripe.event('checkout.session.completed', session);
    const hook = await postStripeWebhook(app, paid, stripe.sign(paid));
    expect(hook.status).toBe(200);
    expect(dataOf<WebhookResultDto>(hook)).toEqual({ outcome: 'paid' });
    const intent = session.payment_intent as string;

    stripe.inject('POST', '/v1/refunds', 'hang_after_processing');
    await app.http
      .post(`${API}/appointments/${appointmentId}/cancel`)
      .set(bearer(patient.accessToken))
      .send({ reason: 'Cannot make it' })
      .expect(200);
    // The relay delivers the cancellation; Stripe makes the refund; the answer never comes.
    await waitFor(() => stripe.refunds.some((r) => r.payment_intent === intent));
    await child.kill();
    child = null;

    survivor = await createTestApp({ env, mongodbUri });
    const pending = await getPayment(survivor, patient, payment.id);
    expect(pending.status).toBe('succeeded');
    expect(pending.refunds).toEqual([expect.objectContaining({ status: 'pending', attempts: 1 })]);

    // Later, the relay redelivers the cancellation and reconciliation retries the refund, both
    // with the same idempotency key: Stripe answers with the refund it already made.
    const later = new Date(Date.now() + 10 * MINUTE);
    await drainOutbox(survivor, later);
    await survivor.get(PaymentReconciliationJob).run(later);
    expect(stripe.refunds.filter((r) => r.payment_intent === intent)).toHaveLength(1);
    const keys = stripe.requests
      .filter((r) => r.path === '/v1/refunds' && r.body.includes(intent))
      .map((r) => r.headers['idempotency-key']);
    expect(new Set(keys)).toEqual(new Set([`refund_cancel_${appointmentId}`]));
    const after = await getPayment(survivor, patient, payment.id);
    expect(after).toMatchObject({ status: 'refunded', refundedAmount: 50000 });
    expect(after.refunds).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    const appointment = await survivor.http
      .get(`${API}/appointments/${appointmentId}`)
      .set(bearer(patient.accessToken))
      .expect(200);
    expect(dataOf<AppointmentResponseDto>(appointment)).toMatchObject({
      status: 'cancelled',
      paymentState: 'refunded',
    });
  }, 180_000);
});
