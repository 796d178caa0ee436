import { Types } from 'mongoose';
import {
  adminEnv,
  API,
  bearer,
  bookRequest,
  createBookableDoctor,
  login,
  PASSWORD,
  registerPatient,
  slotAfter,
  type Account,
} from '../utils/api-journeys';
import type { RecordAccessDto } from '../../src/modules/clinical-access/dto/audit.dto';
import { winningPlanStages } from '../utils/explain';
import { drainNotifications } from '../utils/notifications';
import { drainOutbox } from '../utils/outbox';
import { paymentEnv, postStripeWebhook, startPayment } from '../utils/payments';
import { StripeStandIn } from '../utils/stripe-stand-in';
import { createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, errorOf } from '../utils/responses';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type { AuthTokensDto } from '../../src/modules/auth/dto/auth-tokens.dto';
import type { OwnReviewDto } from '../../src/modules/reviews/dto/review-response.dto';
import type { CalendarFeedResponseDto } from '../../src/modules/calendar/dto/calendar-feed.dto';
import type { PreferencesDto } from '../../src/modules/notifications/dto/notification.dto';
import type { WebhookResultDto } from '../../src/modules/payments/dto/webhook-result.dto';

/** What must never appear anywhere in an export file, whatever the section. */
const SECRET_FIELDS =
  /passwordHash|tokenHash|token_hash|requestHash|searchKeys|"claim"|"payload"|checkoutSecret|webhookSecret|"key":|\$2[aby]\$/;

interface ExportFile {
  format: string;
  version: number;
  generatedAt: string;
  subject: { userId: string; role: string };
  sections: Record<string, unknown> & {
    account: { id: string; email: string; name: string; phone: string | null; role: string };
    appointments: { asPatient: AppointmentRow[]; asDoctor: AppointmentRow[] };
    auth: {
      sessions: { id: string; ip: string; userAgent: string; revokedAt: string | null }[];
      passwordResets: { requestedAt: string; usedAt: string | null }[];
    };
    availability: {
      schedule: { slotMinutes: number; weekly: Record<string, unknown[]> } | null;
      overrides: { date: string; reason: string | null }[];
    };
    calendarFeed: { exists: boolean; role?: string };
    clinicalAccessLog: {
      accesses: RecordAccessDto[];
      breakGlassGrants: { id: string; grantedAt: string; expiresAt: string; reason: string }[];
    };
    doctor: {
      profile: { id: string; imageUrl: string | null; speciality: string } | null;
      applications: unknown[];
    };
    follows: { doctorId: string }[];
    notifications: {
      inbox: { type: string }[];
      emails: { type: string; status: string }[];
      preferences: { off: string[] };
    };
    payments: {
      payments: { id: string; provider: string; invoiceNumber: string | null }[];
      invoices: { number: string; kind: string }[];
    };
    reviews: {
      written: { id: string; rating: number; status: string }[];
      received: { id: string; rating: number }[];
      reportsFiled: { reviewId: string; reason: string }[];
    };
    waitlist: { entries: { id: string; status: string }[]; offers: unknown[] };
  };
}
interface AppointmentRow {
  id: string;
  status: string;
  paymentState: string;
  patient: Record<string, unknown>;
}

/**
 * GET /me/export (GDPR Art. 15/20) through HTTP: everything is set up the way clients do it
 * (the admin creates the doctor with an image, the doctor sets hours, patients register, book,
 * pay at the clinic, review, follow, wait, subscribe a calendar, change preferences); the one
 * thing done in the database is moving a booked visit into the past so it can be completed.
 */
describe('privacy: the personal data export (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let doctor: Account & { imageUrl: string };
  let ravi: Account;
  let asha: Account;
  let raviEmail: string;
  let visitId: string;
  let ashaReviewId: string;
  let calendarToken: string;
  let raviRefresh: string;

  const oid = (id: string) => new Types.ObjectId(id);
  const exportOf = (who: Account) => t.http.get(`${API}/me/export`).set(bearer(who.accessToken));
  const today = () => new Date().toISOString().slice(0, 10);

  /** Books over HTTP, records the clinic payment, moves the visit into the past, completes it. */
  let pastHours = 3;
  const paidCompletedVisit = async (patient: Account): Promise<string> => {
    const booked = await bookRequest(t, patient, doctor.id, slotAfter(2 + pastHours)).expect(201);
    const id = dataOf<AppointmentResponseDto>(booked).id;
    await t.http
      .post(`${API}/appointments/${id}/payments/clinic`)
      .set(bearer(doctor.accessToken))
      .send()
      .expect(201);
    const startsAt = new Date(Date.now() - pastHours++ * 3_600_000);
    await t.connection
      .collection('appointments')
      .updateOne(
        { _id: oid(id) },
        { $set: { startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000) } },
      );
    await t.http
      .post(`${API}/appointments/${id}/complete`)
      .set(bearer(doctor.accessToken))
      .expect(200);
    return id;
  };

  beforeAll(async () => {
    const a = adminEnv();
    t = await createTestApp({ env: a.env });
    admin = await login(t, a.email);
    doctor = await createBookableDoctor(t, admin);
    await t.http
      .put(
        `${API}/doctors/me/schedule/overrides/${slotAfter(24 * 20)
          .toISOString()
          .slice(0, 10)}`,
      )
      .set(bearer(doctor.accessToken))
      .send({ intervals: [], reason: 'Conference' })
      .expect(200);

    raviEmail = `ravi-${new Types.ObjectId().toHexString()}@example.com`;
    const reg = await t.http
      .post(`${API}/auth/register`)
      .set('User-Agent', 'ExportTest/1.0')
      .send({ name: 'Ravi Kumar', email: raviEmail, password: PASSWORD })
      .expect(201);
    ravi = {
      id: dataOf<AuthTokensDto>(reg).user.id,
      accessToken: dataOf<AuthTokensDto>(reg).accessToken,
    };
    raviRefresh = dataOf<AuthTokensDto>(reg).refreshToken;
    asha = await registerPatient(t, 'Asha Rao');
    await t.http
      .patch(`${API}/users/me`)
      .set(bearer(ravi.accessToken))
      .send({ phone: '+91 98450 12345' })
      .expect(200);

    visitId = await paidCompletedVisit(ravi);
    await t.http
      .post(`${API}/appointments/${visitId}/review`)
      .set(bearer(ravi.accessToken))
      .send({ rating: 5, text: 'Listened carefully.' })
      .expect(201);
    const ashaVisit = await paidCompletedVisit(asha);
    ashaReviewId = dataOf<OwnReviewDto>(
      await t.http
        .post(`${API}/appointments/${ashaVisit}/review`)
        .set(bearer(asha.accessToken))
        .send({ rating: 2, text: 'Buy cheap watches at example.com' })
        .expect(201),
    ).id;
    await t.http
      .post(`${API}/reviews/${ashaReviewId}/report`)
      .set(bearer(ravi.accessToken))
      .send({ reason: 'spam' })
      .expect(200);

    await t.http.put(`${API}/follows/${doctor.id}`).set(bearer(ravi.accessToken)).expect(200);
    await t.http
      .post(`${API}/doctors/${doctor.id}/waitlist`)
      .set(bearer(ravi.accessToken))
      .send({ from: today(), to: today() })
      .expect(201);
    calendarToken = dataOf<CalendarFeedResponseDto>(
      await t.http.post(`${API}/calendar/feed`).set(bearer(ravi.accessToken)).expect(200),
    ).token;
    const prefs = await t.http
      .get(`${API}/notifications/preferences`)
      .set(bearer(ravi.accessToken))
      .expect(200);
    const items = dataOf<PreferencesDto>(prefs).items;
    const switched = items.find((i) => i.inApp)!;
    await t.http
      .put(`${API}/notifications/preferences`)
      .set(bearer(ravi.accessToken))
      .send({ items: items.map((i) => (i === switched ? { ...i, inApp: false } : i)) })
      .expect(200);
    await t.http.post(`${API}/auth/password/forgot`).send({ email: raviEmail }).expect(202);
    await drainOutbox(t);
    await drainNotifications(t);
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it('a patient downloads one JSON file with every section of their data', async () => {
    const res = await exportOf(ravi).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="docbook-export-${ravi.id}-${today()}.json"`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const doc = JSON.parse(res.text) as ExportFile;
    expect(doc).toMatchObject({
      format: 'docbook.personal-data-export',
      version: 1,
      subject: { userId: ravi.id, role: 'patient' },
    });
    expect(Object.keys(doc.sections)).toEqual(
      expect.arrayContaining([
        'account',
        'appointments',
        'auth',
        'availability',
        'calendarFeed',
        'clinicalAccessLog',
        'doctor',
        'follows',
        'medicalRecords',
        'notifications',
        'payments',
        'reviews',
        'waitlist',
      ]),
    );
    const s = doc.sections;
    expect(s.account).toMatchObject({
      id: ravi.id,
      email: raviEmail,
      name: 'Ravi Kumar',
      phone: '+919845012345',
      role: 'patient',
    });
    expect(s.appointments.asPatient).toEqual([
      expect.objectContaining({
        id: visitId,
        status: 'completed',
        paymentState: 'pay_at_clinic',
        paidAmount: 50000,
        patient: expect.objectContaining({ name: 'Ravi Kumar', email: raviEmail }),
      }),
    ]);
    expect(s.appointments.asDoctor).toEqual([]);
    expect(s.payments.payments).toEqual([
      expect.objectContaining({ provider: 'clinic', invoiceNumber: expect.any(String) }),
    ]);
    expect(s.payments.invoices).toEqual([
      expect.objectContaining({ kind: 'invoice', number: s.payments.payments[0].invoiceNumber }),
    ]);
    expect(s.reviews.written).toEqual([
      expect.objectContaining({ rating: 5, status: 'published' }),
    ]);
    expect(s.reviews.received).toEqual([]);
    expect(s.reviews.reportsFiled).toEqual([
      { reviewId: ashaReviewId, reason: 'spam', note: null, createdAt: expect.any(String) },
    ]);
    expect(s.follows).toEqual([{ doctorId: doctor.id, followedAt: expect.any(String) }]);
    expect(s.waitlist.entries).toEqual([expect.objectContaining({ status: 'waiting' })]);
    expect(s.calendarFeed).toEqual({
      exists: true,
      role: 'patient',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(s.notifications.inbox.length).toBeGreaterThan(0);
    expect(s.notifications.preferences.off).toHaveLength(1);
    expect(s.auth.sessions).toEqual([
      expect.objectContaining({
        userAgent: 'ExportTest/1.0',
        ip: expect.any(String),
        revokedAt: null,
      }),
    ]);
    expect(s.auth.passwordResets).toEqual([
      { requestedAt: expect.any(String), expiresAt: expect.any(String), usedAt: null },
    ]);
    expect(s.availability).toEqual({ schedule: null, overrides: [] });
    expect(s.doctor).toEqual({ profile: null, applications: [] });
    expect(s.clinicalAccessLog.breakGlassGrants).toEqual([]);
    expect(s.clinicalAccessLog.accesses[0]).toMatchObject({
      actor: { role: 'patient', you: true },
      resourceType: 'export',
      action: 'export',
      purpose: 'self',
      outcome: 'allowed',
    });
  });

  it('contains no secret: no hash, token, reset code, storage key or provider payload', async () => {
    const res = await exportOf(ravi).expect(200);
    expect(res.text).not.toMatch(SECRET_FIELDS);
    const db = t.connection;
    const stored = [
      ...(
        await db
          .collection('users')
          .find({ _id: oid(ravi.id) })
          .toArray()
      ).map((u) => u.passwordHash as string),
      ...(
        await db
          .collection('sessions')
          .find({ userId: oid(ravi.id) })
          .toArray()
      ).map((x) => x.tokenHash as string),
      ...(
        await db
          .collection('password_resets')
          .find({ userId: oid(ravi.id) })
          .toArray()
      ).map((x) => x.tokenHash as string),
      ...(
        await db
          .collection('calendar_feeds')
          .find({ userId: oid(ravi.id) })
          .toArray()
      ).map((x) => x.tokenHash as string),
    ];
    expect(stored).toHaveLength(4);
    for (const secret of [...stored, calendarToken, raviRefresh, ravi.accessToken]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(res.text.includes(secret)).toBe(false);
    }
  });

  it('records every export in the clinical access audit with the request id and IP', async () => {
    const res = await exportOf(ravi).set('X-Request-Id', 'export-audit-check-1').expect(200);
    expect(res.headers['x-request-id']).toBe('export-audit-check-1');
    const entries = await t.connection
      .collection('clinical_audit_log')
      .find({ patientId: oid(ravi.id) })
      .sort({ at: -1 })
      .toArray();
    const entry = entries.find((e) => e.requestId === 'export-audit-check-1');
    expect(entry).toMatchObject({
      actorId: oid(ravi.id),
      actorRole: 'patient',
      patientId: oid(ravi.id),
      resourceType: 'export',
      action: 'export',
      purpose: 'self',
      outcome: 'allowed',
      ip: expect.any(String),
    });
  });

  it('concurrent exports all succeed, each with its own audit entry', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `export-race-${i}`);
    const answers = await Promise.all(ids.map((id) => exportOf(ravi).set('X-Request-Id', id)));
    expect(answers.map((r) => r.status)).toEqual(ids.map(() => 200));
    for (const r of answers) {
      expect((JSON.parse(r.text) as ExportFile).subject.userId).toBe(ravi.id);
    }
    const audited = (
      await t.connection
        .collection('clinical_audit_log')
        .find({ patientId: oid(ravi.id) })
        .sort({ at: -1 })
        .toArray()
    )
      .map((e) => e.requestId as string)
      .filter((id) => ids.includes(id));
    expect(audited.sort()).toEqual([...ids].sort());
  });

  it('a doctor’s export has the profile, hours, visits they held and reviews about them', async () => {
    const res = await exportOf(doctor).expect(200);
    const doc = JSON.parse(res.text) as ExportFile;
    expect(doc.subject).toEqual({ userId: doctor.id, role: 'doctor' });
    const s = doc.sections;
    expect(s.account.role).toBe('doctor');
    expect(s.doctor.profile).toMatchObject({
      id: doctor.id,
      speciality: 'general-physician',
      imageUrl: doctor.imageUrl,
    });
    expect(s.availability.schedule).toMatchObject({ slotMinutes: 30 });
    expect(s.availability.schedule!.weekly.mon).toEqual([{ start: '00:00', end: '24:00' }]);
    expect(s.availability.overrides).toEqual([expect.objectContaining({ reason: 'Conference' })]);
    expect(s.appointments.asPatient).toEqual([]);
    expect(s.appointments.asDoctor.map((a) => a.id)).toContain(visitId);
    // The patients' contact details are theirs, not the doctor's: only the name comes along.
    for (const a of s.appointments.asDoctor) {
      expect(a.patient).toEqual({ name: expect.any(String) });
    }
    expect(res.text).not.toContain(raviEmail);
    expect(res.text).not.toContain('98450');
    expect(s.reviews.received.map((r) => r.rating).sort()).toEqual([2, 5]);
    expect(s.payments.payments).toEqual([]);
    expect(res.text).not.toMatch(SECRET_FIELDS);
  });

  it('an admin can export their own account too', async () => {
    const doc = JSON.parse((await exportOf(admin).expect(200)).text) as ExportFile;
    expect(doc.subject).toEqual({ userId: admin.id, role: 'admin' });
    expect(doc.sections.account.role).toBe('admin');
    expect(doc.sections.appointments).toEqual({ asPatient: [], asDoctor: [] });
  });

  it('only ever exports the caller: another user cannot be named', async () => {
    const res = await exportOf(asha).expect(200);
    const doc = JSON.parse(res.text) as ExportFile;
    expect(doc.subject.userId).toBe(asha.id);
    expect(doc.sections.account.id).toBe(asha.id);
    expect(res.text).not.toContain(raviEmail);
    expect(res.text).not.toContain(visitId);
    expect(doc.sections.reviews.written.map((r) => r.id)).toEqual([ashaReviewId]);
    // The route takes no parameter: naming someone is refused, not silently ignored.
    for (const query of [{ userId: ravi.id }, { id: ravi.id }, { 'userId[$ne]': 'x' }]) {
      const refused = await t.http
        .get(`${API}/me/export`)
        .query(query)
        .set(bearer(asha.accessToken))
        .expect(400);
      expect(['VALIDATION_FAILED', 'FORBIDDEN_KEY']).toContain(errorOf(refused).code);
    }
    await t.http.get(`${API}/users/${ravi.id}/export`).set(bearer(asha.accessToken)).expect(404);
    await t.http.get(`${API}/me/export/${ravi.id}`).set(bearer(asha.accessToken)).expect(404);
  });

  it('reads every collection through an index (explain)', async () => {
    const u = oid(ravi.id);
    const queries: [string, Record<string, unknown>, Record<string, 1 | -1>, string][] = [
      ['users', { _id: u }, {}, '_id_'],
      ['sessions', { userId: u }, { createdAt: -1, _id: -1 }, 'user_ip'],
      ['password_resets', { userId: u }, { createdAt: -1 }, 'user'],
      ['doctors', { _id: u }, {}, '_id_'],
      ['doctor_applications', { userId: u }, { createdAt: -1, _id: -1 }, 'user_created'],
      ['schedules', { _id: u }, {}, '_id_'],
      ['schedule_overrides', { doctorId: u }, { date: 1 }, 'doctor_date_unique'],
      ['follows', { patientId: u }, { createdAt: -1, _id: -1 }, 'patient_created'],
      ['appointments', { patientId: u }, { startsAt: -1 }, 'patient_starts'],
      ['appointments', { doctorId: u }, { startsAt: -1 }, 'doctor_starts'],
      ['payments', { patientId: u }, { createdAt: -1 }, 'patient_created'],
      ['reviews', { patientId: u }, { createdAt: -1, _id: -1 }, 'patient_created'],
      ['reviews', { doctorId: u }, { createdAt: -1, _id: -1 }, 'doctor_created'],
      ['review_reports', { reporterId: u }, { createdAt: -1, _id: -1 }, 'reporter_created'],
      ['waitlist_entries', { patientId: u }, { joinedAt: -1 }, 'patientId_1_joinedAt_-1'],
      ['waitlist_offers', { patientId: u }, { createdAt: -1 }, 'patient_created'],
      ['notifications', { userId: u }, { seq: -1 }, 'user_seq'],
      ['notification_emails', { userId: u }, { createdAt: -1 }, 'user'],
      ['notification_preferences', { _id: u }, {}, '_id_'],
      ['calendar_feeds', { userId: u }, {}, 'user_unique'],
      ['clinical_audit_log', { patientId: u }, { at: -1, seq: -1 }, 'patient_at_seq'],
      ['break_glass_grants', { patientId: u }, { grantedAt: -1 }, 'patient_granted'],
    ];
    for (const [collection, filter, sort, index] of queries) {
      const plan = await t.connection
        .collection(collection)
        .find(filter)
        .sort(sort)
        .explain('queryPlanner');
      const stages = winningPlanStages(plan);
      expect({ collection, scan: stages.some((st) => st.stage === 'COLLSCAN') }).toEqual({
        collection,
        scan: false,
      });
      const names = stages.map((st) => st.indexName ?? (st.stage === 'IDHACK' ? '_id_' : null));
      expect({ collection, index: names.includes(index) }).toEqual({ collection, index: true });
    }
    // Refunds and invoices are read by the ids of the patient's payments.
    const ids = [new Types.ObjectId()];
    for (const [collection, index] of [
      ['refunds', 'payment_created'],
      ['invoices', 'payment_kind'],
    ] as const) {
      const plan = await t.connection
        .collection(collection)
        .find({ paymentId: { $in: ids } })
        .explain('queryPlanner');
      expect(winningPlanStages(plan).map((st) => st.indexName)).toContain(index);
    }
  });

  it('needs a valid access token (401, in the error envelope)', async () => {
    const none = await t.http.get(`${API}/me/export`).expect(401);
    expect(errorOf(none)).toMatchObject({ success: false, code: 'UNAUTHORIZED' });
    const bad = await t.http.get(`${API}/me/export`).set(bearer('not-a-token')).expect(401);
    expect(errorOf(bad).success).toBe(false);
    await t.http
      .post(`${API}/auth/logout`)
      .set(bearer(asha.accessToken))
      .send({})
      .expect((r) => expect([200, 204]).toContain(r.status));
    const revoked = await exportOf(asha).expect(401);
    expect(errorOf(revoked).code).toBe('SESSION_REVOKED');
  });
});

describe('privacy: the export is under the strict rate limit (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { THROTTLE_AUTH_LIMIT: '2', THROTTLE_AUTH_TTL_MS: '60000' } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After past THROTTLE_AUTH_LIMIT', async () => {
    const patient = await registerPatient(t);
    const get = () => t.http.get(`${API}/me/export`).set(bearer(patient.accessToken));
    await get().expect(200);
    await get().expect(200);
    const limited = await get().expect(429);
    expect(errorOf(limited).code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('privacy: an online payment, its refund and credit note in the export (e2e)', () => {
  const stripe = new StripeStandIn();
  let t: TestApp;
  let doctor: Account;

  beforeAll(async () => {
    const url = await stripe.start();
    const a = adminEnv();
    t = await createTestApp({ env: { ...a.env, ...paymentEnv({ stripe: { url, s: stripe } }) } });
    const admin = await login(t, a.email);
    doctor = await createBookableDoctor(t, admin);
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await stripe.stop();
  });

  it('a patient who paid with Stripe and cancelled finds the payment, refund and both documents', async () => {
    const patient = await registerPatient(t);
    const booked = await bookRequest(t, patient, doctor.id, slotAfter(30)).expect(201);
    const id = dataOf<AppointmentResponseDto>(booked).id;
    const payment = await startPayment(t, patient, id, 'stripe');
    const session = stripe.complete(payment.providerRef as string);
    const payload = stripe.event('checkout.session.completed', session);
    expect(
      dataOf<WebhookResultDto>(await postStripeWebhook(t, payload, stripe.sign(payload))),
    ).toEqual({
      outcome: 'paid',
    });
    await t.http
      .post(`${API}/appointments/${id}/cancel`)
      .set(bearer(patient.accessToken))
      .send({})
      .expect(200);
    await drainOutbox(t);

    const res = await t.http.get(`${API}/me/export`).set(bearer(patient.accessToken)).expect(200);
    const { payments } = (JSON.parse(res.text) as ExportFile).sections;
    expect(payments.payments).toEqual([
      expect.objectContaining({
        id: payment.id,
        provider: 'stripe',
        status: 'refunded',
        refunds: [expect.objectContaining({ status: 'succeeded', amount: 50000 })],
      }),
    ]);
    expect(payments.invoices.map((i) => i.kind)).toEqual(['invoice', 'credit_note']);
    expect(res.text).not.toMatch(SECRET_FIELDS);
    for (const secret of [stripe.secretKey, stripe.webhookSecret]) {
      expect(res.text.includes(secret)).toBe(false);
    }
  });
});
