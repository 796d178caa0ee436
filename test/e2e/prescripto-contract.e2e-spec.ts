import { Types } from 'mongoose';
import { API, PASSWORD, adminEnv, bearer, login, uniqueEmail } from '../utils/api-journeys';
import { paymentEnv } from '../utils/payments';
import {
  ORIGIN,
  addDoctor,
  addDoctorRequest,
  adminHeader,
  bookRequest,
  doctorHeader,
  gridSlot,
  myAppointments,
  ok200,
  patientHeader,
  payWithRazorpay,
  prescriptoLogin,
  prescriptoRegister,
  startVisit,
} from '../utils/prescripto';
import { RazorpayStandIn } from '../utils/razorpay-stand-in';
import { StripeStandIn } from '../utils/stripe-stand-in';
import { AppointmentsRepository } from '../../src/modules/appointments/appointments.repository';
import { PNG } from '../utils/api-journeys';
import { winningPlanStages } from '../utils/explain';
import { createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, errorOf } from '../utils/responses';
import type { PublicDoctorDto } from '../../src/modules/doctors/dto/doctor-response.dto';

// The 26 calls of the Prescripto web app and admin panel, sent as the clients send them and
// checked for the fields and messages the clients read. Every answer is a 200.

const NOT_AUTHORIZED = 'Not Authorized Login Again';

describe('Prescripto compatibility: the 26 client calls (e2e)', () => {
  const stripe = new StripeStandIn();
  const razorpay = new RazorpayStandIn();
  const admin = adminEnv();
  let t: TestApp;
  let atoken: string;
  let doctor: { id: string; email: string; password: string };
  let dtoken: string;
  let patient: { email: string; token: string };
  let other: { email: string; token: string };
  let slotNo = 0;
  const nextSlot = () => gridSlot(slotNo++);

  beforeAll(async () => {
    const [stripeUrl, razorpayUrl] = await Promise.all([stripe.start(), razorpay.start()]);
    t = await createTestApp({
      env: {
        ...admin.env,
        ...paymentEnv({
          stripe: { url: stripeUrl, s: stripe },
          razorpay: { url: razorpayUrl, r: razorpay },
        }),
        CORS_ORIGINS: `${ORIGIN},http://localhost:5174`,
      },
    });
    atoken = await prescriptoLogin(t, 'admin', admin.email);
    doctor = await addDoctor(t, atoken, { name: 'Dr. Contract', fees: '500' });
    dtoken = await prescriptoLogin(t, 'doctor', doctor.email, doctor.password);
    patient = await prescriptoRegister(t, 'Ravi Kumar');
    other = await prescriptoRegister(t, 'Meera Iyer');
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([stripe.stop(), razorpay.stop()]);
  });

  const book = async (token: string, slot = nextSlot()) => {
    const body = ok200(await bookRequest(t, token, doctor.id, slot));
    expect(body).toMatchObject({ success: true, message: 'Appointment Booked' });
    const mine = await myAppointments(t, token);
    const found = mine.find((a) => a.slotDate === slot.slotDate && a.slotTime === slot.slotTime);
    if (!found) {
      throw new Error('booked appointment not listed');
    }
    return found;
  };

  describe('sign-in (3, 4, 13, 14)', () => {
    it('registers with the client’s messages for missing, invalid and weak input', async () => {
      const reg = (body: object) => t.http.post('/api/user/register').send(body);
      expect(ok200(await reg({ email: uniqueEmail('x'), password: PASSWORD }))).toMatchObject({
        success: false,
        message: 'Missing Details',
      });
      expect(
        ok200(await reg({ name: 'A', email: 'not-an-email', password: PASSWORD })),
      ).toMatchObject({ success: false, message: 'Please enter a valid email' });
      expect(
        ok200(await reg({ name: 'A', email: uniqueEmail('x'), password: 'short' })),
      ).toMatchObject({ success: false, message: 'Please enter a strong password' });
      const dup = ok200(await reg({ name: 'A', email: patient.email, password: PASSWORD }));
      expect(dup).toMatchObject({ success: false, code: 'EMAIL_TAKEN' });
      // Refused before routing (like a malformed body): our status, the same failure body.
      const operator = await reg({ name: 'A', email: { $gt: '' }, password: PASSWORD });
      expect(operator.status).toBe(400);
      expect(operator.body).toMatchObject({ success: false, code: 'FORBIDDEN_KEY' });
    });

    it('signs patients, doctors and admins in, each only on their own route', async () => {
      const cases: Array<['user' | 'doctor' | 'admin', string, string]> = [
        ['user', patient.email, PASSWORD],
        ['doctor', doctor.email, doctor.password],
        ['admin', admin.email, PASSWORD],
      ];
      for (const [who, email, password] of cases) {
        const res = ok200(await t.http.post(`/api/${who}/login`).send({ email, password }));
        expect(res).toMatchObject({ success: true, token: expect.any(String) });
        for (const elsewhere of ['user', 'doctor', 'admin'].filter((w) => w !== who)) {
          const wrong = ok200(
            await t.http.post(`/api/${elsewhere}/login`).send({ email, password }),
          );
          expect(wrong).toMatchObject({ success: false, message: 'Invalid credentials' });
        }
      }
      const bad = ok200(
        await t.http.post('/api/user/login').send({ email: patient.email, password: 'wrong-pass' }),
      );
      expect(bad).toMatchObject({ success: false, message: 'Invalid credentials' });
      const unknown = ok200(
        await t.http
          .post('/api/doctor/login')
          .send({ email: uniqueEmail('no'), password: PASSWORD }),
      );
      expect(unknown).toMatchObject({ success: false, message: 'Invalid credentials' });
      expect(
        ok200(await t.http.post('/api/user/login').send({ email: patient.email })),
      ).toMatchObject({ success: false, message: 'Missing Details' });
    });

    it('issues tokens that live as long as the session, revocable, and only in their headers', async () => {
      const [, payload] = patient.token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
        exp: number;
        iat: number;
        aud: string;
      };
      expect(claims.exp - claims.iat).toBeGreaterThan(29 * 86_400);
      expect(claims.aud).toBe('docbook-api:session');

      // Not a Bearer token of /api/v1, and a v1 access token is not a Prescripto token.
      await t.http.get(`${API}/users/me`).set(bearer(patient.token)).expect(401);
      const v1 = await login(t, patient.email);
      expect(
        ok200(await t.http.get('/api/user/get-profile').set(patientHeader(v1.accessToken))),
      ).toMatchObject({ success: false, message: NOT_AUTHORIZED });

      // Revocation applies at once: signing out everywhere ends the Prescripto session too.
      const extra = await prescriptoLogin(t, 'user', patient.email);
      expect(
        ok200(await t.http.get('/api/user/get-profile').set(patientHeader(extra))).success,
      ).toBe(true);
      await t.http.post(`${API}/auth/logout-all`).set(bearer(v1.accessToken)).expect(200);
      const after = ok200(await t.http.get('/api/user/get-profile').set(patientHeader(extra)));
      expect(after).toMatchObject({
        success: false,
        message: NOT_AUTHORIZED,
        code: 'SESSION_REVOKED',
      });
      patient.token = await prescriptoLogin(t, 'user', patient.email);
    });

    it('ends a suspended account’s Prescripto session at once and refuses its sign-in', async () => {
      const victim = await prescriptoRegister(t, 'Soon Suspended');
      const id = (
        ok200(await t.http.get('/api/user/get-profile').set(patientHeader(victim.token)))
          .userData as { _id: string }
      )._id;
      const adminV1 = await login(t, admin.email);
      await t.http
        .post(`${API}/admin/users/${id}/suspend`)
        .set(bearer(adminV1.accessToken))
        .send({ reason: 'Abuse' })
        .expect(200);
      expect(
        ok200(await t.http.get('/api/user/get-profile').set(patientHeader(victim.token))),
      ).toMatchObject({ success: false, message: NOT_AUTHORIZED, code: 'ACCOUNT_SUSPENDED' });
      expect(
        ok200(
          await t.http.post('/api/user/login').send({ email: victim.email, password: PASSWORD }),
        ),
      ).toMatchObject({ success: false, message: 'This account is suspended' });
    });

    it('refuses a missing, forged or other-role token with the client’s message and keeps the request id', async () => {
      const routes: Array<[string, Record<string, string>]> = [
        ['/api/user/get-profile', {}],
        ['/api/user/get-profile', { token: 'garbage' }],
        ['/api/user/get-profile', { token: atoken }],
        ['/api/user/get-profile', { atoken: patient.token }],
        ['/api/admin/dashboard', { atoken: patient.token }],
        ['/api/admin/dashboard', { atoken: dtoken }],
        ['/api/doctor/dashboard', { dtoken: atoken }],
        ['/api/doctor/dashboard', { token: dtoken }],
      ];
      for (const [path, headers] of routes) {
        const res = await t.http.get(path).set(headers).set('X-Request-Id', 'req-prescripto-1');
        expect(ok200(res)).toMatchObject({
          success: false,
          message: NOT_AUTHORIZED,
          requestId: 'req-prescripto-1',
        });
        expect(res.headers['x-request-id']).toBe('req-prescripto-1');
      }
    });
  });

  describe('patient app (1, 2, 5-12)', () => {
    it('lists doctors with the fields the app reads and slots_booked (1)', async () => {
      const body = ok200(await t.http.get('/api/doctor/list'));
      expect(body.success).toBe(true);
      const doc = (body.doctors as Array<Record<string, unknown>>).find((d) => d._id === doctor.id);
      expect(doc).toMatchObject({
        name: 'Dr. Contract',
        image: expect.stringMatching(/^http:\/\/localhost:3000\/uploads\//),
        speciality: 'General physician',
        degree: 'MBBS',
        experience: '4 Years',
        about: 'Family medicine.',
        fees: 500,
        available: true,
        slots_booked: {},
        address: { line1: '12 MG Road', line2: 'Bengaluru' },
      });
      expect(doc).not.toHaveProperty('email');
      expect(doc).not.toHaveProperty('password');
    });

    it('shows the profile and updates it from the multipart form, phone normalised (2, 5)', async () => {
      const before = ok200(
        await t.http.get('/api/user/get-profile').set(patientHeader(patient.token)),
      );
      expect(before.userData).toMatchObject({
        name: 'Ravi Kumar',
        email: patient.email,
        image: expect.stringMatching(/^data:image\/png;base64,/),
        phone: '000000000',
        address: { line1: '', line2: '' },
        gender: 'Not Selected',
        dob: 'Not Selected',
      });
      const res = ok200(
        await t.http
          .post('/api/user/update-profile')
          .set(patientHeader(patient.token))
          .field('name', 'Ravi K')
          .field('phone', '9876543210')
          .field('address', JSON.stringify({ line1: '1 Residency Rd', line2: 'Bengaluru' }))
          .field('gender', 'Male')
          .field('dob', '1990-04-01')
          .attach('image', PNG, 'me.png'),
      );
      expect(res).toEqual({ success: true, message: 'Profile Updated' });
      const after = ok200(
        await t.http.get('/api/user/get-profile').set(patientHeader(patient.token)),
      );
      expect(after.userData).toMatchObject({
        name: 'Ravi K',
        phone: '+919876543210',
        address: { line1: '1 Residency Rd', line2: 'Bengaluru' },
        gender: 'Male',
        dob: '1990-04-01',
        image: expect.stringMatching(/^http:\/\/localhost:3000\/uploads\//),
      });

      const update = (fields: Record<string, string>) => {
        let req = t.http.post('/api/user/update-profile').set(patientHeader(patient.token));
        for (const [k, v] of Object.entries(fields)) {
          req = req.field(k, v);
        }
        return req;
      };
      const base = { name: 'Ravi K', phone: '9876543210', gender: 'Male', dob: '1990-04-01' };
      expect(ok200(await update({ name: 'Ravi K', phone: '9876543210' }))).toMatchObject({
        success: false,
        message: 'Data Missing',
      });
      for (const bad of [
        { ...base, phone: '12' },
        { ...base, dob: '2999-01-01' },
        { ...base, gender: 'Robot' },
        { ...base, address: '{not json' },
        { ...base, role: 'admin' },
      ]) {
        expect(ok200(await update(bad)).success).toBe(false);
      }
    });

    it('books a slot of the grid, greys it out for everyone, refuses what is not offered (6, 1, 7)', async () => {
      const slot = nextSlot();
      const a = await book(patient.token, slot);
      expect(a).toMatchObject({
        slotDate: slot.slotDate,
        slotTime: slot.slotTime,
        cancelled: false,
        payment: false,
        isCompleted: false,
        amount: 500,
        docData: {
          name: 'Dr. Contract',
          speciality: 'General physician',
          address: { line1: '12 MG Road', line2: 'Bengaluru' },
        },
      });
      const taken = ok200(await bookRequest(t, other.token, doctor.id, slot));
      expect(taken).toMatchObject({
        success: false,
        message: 'Slot Not Available',
        code: 'SLOT_TAKEN',
      });
      const list = ok200(await t.http.get('/api/doctor/list'));
      const card = (
        list.doctors as Array<{ _id: string; slots_booked: Record<string, string[]> }>
      ).find((d) => d._id === doctor.id);
      expect(card?.slots_booked[slot.slotDate]).toEqual(expect.arrayContaining([slot.slotTime]));

      // Other spellings of the same time (browser locales) are the same slot.
      const h24 = ok200(
        await bookRequest(t, other.token, doctor.id, {
          slotDate: slot.slotDate,
          slotTime: slot.at.toLocaleTimeString('en-GB', {
            hour: '2-digit',
            minute: '2-digit',
            timeZone: 'Asia/Kolkata',
          }),
        }),
      );
      expect(h24).toMatchObject({
        success: false,
        message: 'Slot Not Available',
        code: 'SLOT_TAKEN',
      });

      const day = slot.slotDate;
      for (const [slotTime, code] of [
        ['10:15 AM', 'SLOT_NOT_OFFERED'],
        ['09:30 PM', 'SLOT_NOT_OFFERED'],
        ['25:00', 'PRESCRIPTO_INVALID_SLOT'],
      ]) {
        expect(
          ok200(await bookRequest(t, other.token, doctor.id, { slotDate: day, slotTime })),
        ).toMatchObject({
          success: false,
          message: 'Slot Not Available',
          code,
        });
      }
      expect(
        ok200(
          await bookRequest(t, other.token, doctor.id, {
            slotDate: '1_1_2020',
            slotTime: '10:00 AM',
          }),
        ),
      ).toMatchObject({ success: false, message: 'Slot Not Available' });
      expect(
        ok200(await bookRequest(t, other.token, new Types.ObjectId().toHexString(), nextSlot())),
      ).toMatchObject({ success: false, message: 'Doctor Not Available' });
      expect(
        ok200(
          await t.http
            .post('/api/user/book-appointment')
            .set(patientHeader(other.token))
            .send({ docId: doctor.id }),
        ),
      ).toMatchObject({ success: false, message: 'Missing Details' });
      expect(ok200(await bookRequest(t, other.token, 'not-an-id', nextSlot()))).toMatchObject({
        success: false,
        code: 'INVALID_ID',
      });
    });

    it('books once per Idempotency-Key and refuses unknown fields and oversized values (6)', async () => {
      const slot = nextSlot();
      const send = () =>
        bookRequest(t, other.token, doctor.id, slot).set('Idempotency-Key', `k-${slot.slotDate}`);
      expect(ok200(await send())).toMatchObject({ success: true, message: 'Appointment Booked' });
      expect(ok200(await send())).toMatchObject({ success: true, message: 'Appointment Booked' });
      const mine = await myAppointments(t, other.token);
      expect(
        mine.filter((a) => a.slotDate === slot.slotDate && a.slotTime === slot.slotTime),
      ).toHaveLength(1);
      const extra = ok200(
        await t.http
          .post('/api/user/book-appointment')
          .set(patientHeader(other.token))
          .send({ ...nextSlot(), docId: doctor.id, userId: doctor.id }),
      );
      expect(extra).toMatchObject({ success: false, code: 'VALIDATION_FAILED' });
      const long = ok200(
        await bookRequest(t, other.token, doctor.id, {
          slotDate: '1'.repeat(5000),
          slotTime: '10:00 AM',
        }),
      );
      expect(long).toMatchObject({ success: false, code: 'VALIDATION_FAILED' });
    });

    it('lists the patient’s appointments oldest first and cancels only their own (7, 8)', async () => {
      const first = await book(other.token);
      const second = await book(other.token);
      const list = await myAppointments(t, other.token);
      const ids = list.map((a) => a._id);
      expect(ids.indexOf(first._id)).toBeLessThan(ids.indexOf(second._id));
      const notMine = ok200(
        await t.http
          .post('/api/user/cancel-appointment')
          .set(patientHeader(patient.token))
          .send({ appointmentId: first._id }),
      );
      expect(notMine).toMatchObject({ success: false, message: 'Unauthorized action' });
      const res = ok200(
        await t.http
          .post('/api/user/cancel-appointment')
          .set(patientHeader(other.token))
          .send({ appointmentId: first._id }),
      );
      expect(res).toEqual({ success: true, message: 'Appointment Cancelled' });
      expect(
        (await myAppointments(t, other.token)).find((a) => a._id === first._id)?.cancelled,
      ).toBe(true);
      const again = ok200(
        await t.http
          .post('/api/user/cancel-appointment')
          .set(patientHeader(other.token))
          .send({ appointmentId: first._id }),
      );
      expect(again).toMatchObject({ success: false, code: 'INVALID_TRANSITION' });
    });

    it('pays with Razorpay: order, then the signature is verified, not skipped (9, 10)', async () => {
      const a = await book(patient.token);
      const created = ok200(
        await t.http
          .post('/api/user/payment-razorpay')
          .set(patientHeader(patient.token))
          .send({ appointmentId: a._id }),
      );
      expect(created).toMatchObject({
        success: true,
        order: {
          id: expect.stringMatching(/^order_/),
          amount: 50000,
          currency: 'INR',
          receipt: a._id,
        },
      });
      const orderId = (created.order as { id: string }).id;
      const paid = razorpay.pay(orderId);
      const forged = ok200(
        await t.http
          .post('/api/user/verifyRazorpay')
          .set(patientHeader(patient.token))
          .send({
            razorpay_order_id: orderId,
            razorpay_payment_id: paid.id,
            razorpay_signature: 'f'.repeat(64),
          }),
      );
      expect(forged).toMatchObject({ success: false, message: 'Payment Failed' });
      expect((await myAppointments(t, patient.token)).find((x) => x._id === a._id)?.payment).toBe(
        false,
      );
      const verified = ok200(
        await t.http
          .post('/api/user/verifyRazorpay')
          .set(patientHeader(patient.token))
          .send({
            razorpay_order_id: orderId,
            razorpay_payment_id: paid.id,
            razorpay_signature: razorpay.checkoutSignature(orderId, paid.id),
          }),
      );
      expect(verified).toEqual({ success: true, message: 'Payment Successful' });
      expect((await myAppointments(t, patient.token)).find((x) => x._id === a._id)?.payment).toBe(
        true,
      );
      const twice = ok200(
        await t.http
          .post('/api/user/payment-razorpay')
          .set(patientHeader(patient.token))
          .send({ appointmentId: a._id }),
      );
      expect(twice).toMatchObject({
        success: false,
        message: 'Appointment Cancelled or not found',
      });
    });

    it('pays with Stripe: returns to the page’s /verify, and success=true alone proves nothing (11, 12)', async () => {
      const a = await book(patient.token);
      const evil = ok200(
        await t.http
          .post('/api/user/payment-stripe')
          .set(patientHeader(patient.token))
          .set('Origin', 'https://evil.example')
          .send({ appointmentId: a._id }),
      );
      expect(evil).toMatchObject({ success: false, code: 'PRESCRIPTO_ORIGIN_NOT_ALLOWED' });
      const created = ok200(
        await t.http
          .post('/api/user/payment-stripe')
          .set(patientHeader(patient.token))
          .set('Origin', ORIGIN)
          .send({ appointmentId: a._id }),
      );
      expect(created).toMatchObject({
        success: true,
        session_url: expect.stringMatching(/^https:\/\/checkout\.stripe\.test\/pay\/cs_test_/),
      });
      const sessionId = (created.session_url as string).split('/').pop() as string;
      expect(stripe.sessions.get(sessionId)).toMatchObject({
        success_url: `${ORIGIN}/verify?success=true&appointmentId=${a._id}`,
        cancel_url: `${ORIGIN}/verify?success=false&appointmentId=${a._id}`,
      });
      const verify = () =>
        t.http
          .post('/api/user/verifyStripe')
          .set(patientHeader(patient.token))
          .send({ success: 'true', appointmentId: a._id });
      expect(ok200(await verify())).toMatchObject({ success: false, message: 'Payment Failed' });
      stripe.complete(sessionId);
      expect(ok200(await verify())).toEqual({ success: true, message: 'Payment Successful' });
      expect((await myAppointments(t, patient.token)).find((x) => x._id === a._id)?.payment).toBe(
        true,
      );
      const foreign = ok200(
        await t.http
          .post('/api/user/verifyStripe')
          .set(patientHeader(other.token))
          .send({ success: 'true', appointmentId: a._id }),
      );
      expect(foreign).toMatchObject({ success: false, message: 'Payment Failed' });
    });
  });

  describe('admin panel (15-20)', () => {
    it('adds doctors from the multipart form, with the client’s messages (20)', async () => {
      expect(ok200(await addDoctorRequest(t, atoken, {}, false))).toMatchObject({
        success: false,
        message: 'Missing Details',
      });
      expect(ok200(await addDoctorRequest(t, atoken, { email: 'nope' }))).toMatchObject({
        success: false,
        message: 'Please enter a valid email',
      });
      expect(ok200(await addDoctorRequest(t, atoken, { password: 'short' }))).toMatchObject({
        success: false,
        message: 'Please enter a strong password',
      });
      expect(ok200(await addDoctorRequest(t, atoken, { email: doctor.email }))).toMatchObject({
        success: false,
        code: 'EMAIL_TAKEN',
      });
      expect(ok200(await addDoctorRequest(t, atoken, { speciality: 'Astrologer' }))).toMatchObject({
        success: false,
        code: 'UNKNOWN_SPECIALITY',
      });
      expect(ok200(await addDoctorRequest(t, atoken, { fees: 'lots' })).success).toBe(false);
      expect(
        ok200(await addDoctorRequest(t, atoken, { speciality: 'Pediatricians', fees: '350.50' })),
      ).toEqual({
        success: true,
        message: 'Doctor Added',
      });
      expect(ok200(await addDoctorRequest(t, dtoken))).toMatchObject({
        success: false,
        message: NOT_AUTHORIZED,
      });
    });

    it('gives added doctors PRESCRIPTO_CURRENCY and PRESCRIPTO_TIMEZONE, fees in minor units on /api/v1', async () => {
      const res = await t.http.get(`${API}/doctors/${doctor.id}`).expect(200);
      expect(dataOf<PublicDoctorDto>(res)).toMatchObject({
        fee: { amount: 50000, currency: 'INR' },
        timezone: 'Asia/Kolkata',
        speciality: 'general-physician',
        experienceYears: 4,
      });
    });

    it('lists all doctors and toggles availability (15, 16)', async () => {
      const list = ok200(await t.http.get('/api/admin/all-doctors').set(adminHeader(atoken)));
      const peds = (list.doctors as Array<Record<string, unknown>>).find(
        (d) => d.speciality === 'Pediatricians',
      );
      expect(peds).toMatchObject({
        _id: expect.any(String),
        name: 'Dr. Asha Rao',
        image: expect.stringMatching(/^http/),
        available: true,
        fees: 350.5,
      });
      const toggle = () =>
        t.http
          .post('/api/admin/change-availability')
          .set(adminHeader(atoken))
          .send({ docId: peds?._id });
      expect(ok200(await toggle())).toEqual({ success: true, message: 'Availablity Changed' });
      const card = (
        ok200(await t.http.get('/api/doctor/list')).doctors as Array<Record<string, unknown>>
      ).find((d) => d._id === peds?._id);
      expect(card?.available).toBe(false);
      const refused = ok200(await bookRequest(t, other.token, peds?._id as string, gridSlot(0)));
      expect(refused).toMatchObject({ success: false, message: 'Doctor Not Available' });
      expect(ok200(await toggle()).success).toBe(true);
      expect(
        ok200(
          await t.http
            .post('/api/admin/change-availability')
            .set(adminHeader(atoken))
            .send({ docId: new Types.ObjectId().toHexString() }),
        ),
      ).toMatchObject({ success: false, code: 'DOCTOR_NOT_FOUND' });
    });

    it('lists every appointment oldest first, cancels any, and counts the dashboard (17, 18, 19)', async () => {
      const a = await book(other.token);
      const list = ok200(await t.http.get('/api/admin/appointments').set(adminHeader(atoken)));
      const rows = list.appointments as Array<Record<string, unknown> & { _id: string }>;
      expect(rows.find((r) => r._id === a._id)).toMatchObject({
        userData: { name: 'Meera Iyer', image: expect.any(String), dob: 'Not Selected' },
        docData: { name: 'Dr. Contract', image: expect.any(String) },
        slotDate: a.slotDate,
        slotTime: a.slotTime,
        amount: 500,
        cancelled: false,
        isCompleted: false,
      });
      const res = ok200(
        await t.http
          .post('/api/admin/cancel-appointment')
          .set(adminHeader(atoken))
          .send({ appointmentId: a._id }),
      );
      expect(res).toEqual({ success: true, message: 'Appointment Cancelled' });
      const dash = ok200(await t.http.get('/api/admin/dashboard').set(adminHeader(atoken)));
      const total = await t.connection.collection('appointments').countDocuments({});
      // Three patient accounts were registered here (one of them since suspended).
      expect(dash.dashData).toMatchObject({
        doctors: 2,
        patients: 3,
        appointments: total,
        latestAppointments: expect.any(Array),
      });
      expect(
        (dash.dashData as { latestAppointments: unknown[] }).latestAppointments.length,
      ).toBeLessThanOrEqual(5);
    });
  });

  describe('doctor panel (21-26)', () => {
    it('is open with the admin-set password, while /api/v1 still asks for a change', async () => {
      const v1 = await login(t, doctor.email, doctor.password);
      const res = await t.http.get(`${API}/appointments`).set(bearer(v1.accessToken)).expect(403);
      expect(errorOf(res).code).toBe('PASSWORD_CHANGE_REQUIRED');
      expect(ok200(await t.http.get('/api/doctor/profile').set(doctorHeader(dtoken))).success).toBe(
        true,
      );
    });

    it('shows the profile and edits it (22, 26)', async () => {
      const profile = ok200(await t.http.get('/api/doctor/profile').set(doctorHeader(dtoken)));
      expect(profile.profileData).toMatchObject({
        name: 'Dr. Contract',
        image: expect.stringMatching(/^http/),
        degree: 'MBBS',
        speciality: 'General physician',
        experience: '4 Years',
        about: 'Family medicine.',
        fees: 500,
        address: { line1: '12 MG Road', line2: 'Bengaluru' },
        available: true,
      });
      const edit = (body: object) =>
        t.http.post('/api/doctor/update-profile').set(doctorHeader(dtoken)).send(body);
      expect(
        ok200(
          await edit({
            address: { line1: '14 MG Road', line2: 'Bengaluru' },
            fees: '600',
            about: 'Updated.',
            available: true,
          }),
        ),
      ).toEqual({ success: true, message: 'Profile Updated' });
      const after = ok200(await t.http.get('/api/doctor/profile').set(doctorHeader(dtoken)));
      expect(after.profileData).toMatchObject({
        fees: 600,
        about: 'Updated.',
        address: { line1: '14 MG Road' },
      });
      for (const bad of [
        { fees: '-5' },
        { fees: 'abc' },
        { available: 'yes' },
        { email: 'x@y.z' },
        { address: 'not an object' },
      ]) {
        expect(ok200(await edit(bad)).success).toBe(false);
      }
      const operator = await edit({ fees: { $gt: 0 } });
      expect(operator.status).toBe(400);
      expect(operator.body).toMatchObject({ success: false, code: 'FORBIDDEN_KEY' });
      expect(ok200(await edit({ fees: 500 })).success).toBe(true);
    });

    it('lists, cancels and completes the doctor’s appointments and shows the dashboard (21, 23, 24, 25)', async () => {
      const toCancel = await book(other.token);
      const toComplete = await book(patient.token);
      const list = ok200(await t.http.get('/api/doctor/appointments').set(doctorHeader(dtoken)));
      const rows = list.appointments as Array<Record<string, unknown> & { _id: string }>;
      expect(rows.find((r) => r._id === toComplete._id)).toMatchObject({
        userData: { name: 'Ravi K', image: expect.stringMatching(/^http/), dob: '1990-04-01' },
        payment: false,
        slotDate: toComplete.slotDate,
        slotTime: toComplete.slotTime,
        amount: 500,
        cancelled: false,
        isCompleted: false,
      });
      const cancel = ok200(
        await t.http
          .post('/api/doctor/cancel-appointment')
          .set(doctorHeader(dtoken))
          .send({ appointmentId: toCancel._id }),
      );
      expect(cancel).toEqual({ success: true, message: 'Appointment Cancelled' });

      const complete = () =>
        t.http
          .post('/api/doctor/complete-appointment')
          .set(doctorHeader(dtoken))
          .send({ appointmentId: toComplete._id });
      // An unpaid hold (online payment mode) is not a visit yet; once paid, not before it starts.
      expect(ok200(await complete())).toMatchObject({ success: false, code: 'INVALID_TRANSITION' });
      expect(await payWithRazorpay(t, razorpay, patient.token, toComplete._id)).toMatchObject({
        success: true,
      });
      expect(ok200(await complete())).toMatchObject({ success: false, code: 'NOT_STARTED' });
      await startVisit(t, toComplete._id);
      expect(ok200(await complete())).toEqual({ success: true, message: 'Appointment Completed' });

      const dash = ok200(await t.http.get('/api/doctor/dashboard').set(doctorHeader(dtoken)));
      expect(dash.dashData).toMatchObject({
        earnings: expect.any(Number),
        appointments: expect.any(Number),
        patients: 2,
        latestAppointments: expect.any(Array),
      });
      const rowsAfter = ok200(
        await t.http.get('/api/doctor/appointments').set(doctorHeader(dtoken)),
      ).appointments as Array<{ _id: string; isCompleted: boolean; cancelled: boolean }>;
      expect(rowsAfter.find((r) => r._id === toComplete._id)?.isCompleted).toBe(true);
      expect(rowsAfter.find((r) => r._id === toCancel._id)?.cancelled).toBe(true);
    });
  });
});

describe('Prescripto doctor/list query plan (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reads the taken slots of all listed doctors with one scan of the no-double-booking index', async () => {
    const ids = [new Types.ObjectId(), new Types.ObjectId()].map((id) => id.toHexString());
    const now = new Date();
    const explained = await t
      .get(AppointmentsRepository)
      .explainActiveStarts(ids, now, new Date(now.getTime() + 8 * 86_400_000));
    const stages = winningPlanStages(explained);
    expect(stages.map((s) => s.stage)).not.toContain('COLLSCAN');
    expect(stages.find((s) => s.stage === 'IXSCAN')?.indexName).toBe('one_active_per_doctor_slot');
  });
});

describe('Prescripto sign-in lockout (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', TRUST_PROXY_HOPS: '1' },
    });
  });
  afterAll(() => t.close());

  it('locks an account after repeated failures, as /api/v1 does, keeping 429 and Retry-After', async () => {
    const { email } = await prescriptoRegister(t);
    // From an address the account never signed in from (the registration's is trusted).
    const ip = '203.0.113.7';
    for (let i = 0; i < 3; i++) {
      const res = await t.http
        .post('/api/user/login')
        .set('X-Forwarded-For', ip)
        .send({ email, password: 'Wrong-pass-2026' });
      expect(ok200(res)).toMatchObject({ success: false, message: 'Invalid credentials' });
    }
    const locked = await t.http
      .post('/api/user/login')
      .set('X-Forwarded-For', ip)
      .send({ email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ success: false, code: 'TOO_MANY_LOGIN_ATTEMPTS' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const v1 = await t.http
      .post(`${API}/auth/login`)
      .set('X-Forwarded-For', ip)
      .send({ email, password: PASSWORD });
    expect(v1.status).toBe(429);
  });
});

describe('Prescripto compatibility turned off (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PRESCRIPTO_COMPAT: 'false' } });
  });
  afterAll(() => t.close());

  it('answers 404 on every Prescripto route and leaves /api/v1 alone', async () => {
    for (const [method, path] of [
      ['get', '/api/doctor/list'],
      ['post', '/api/user/login'],
      ['post', '/api/admin/login'],
      ['get', '/api/doctor/dashboard'],
    ] as const) {
      const res = await t.http[method](path).send({});
      expect(res.status).toBe(404);
      expect(errorOf(res).code).toBe('ROUTE_NOT_FOUND');
    }
    await t.http.get(`${API}/health`).expect(200);
  });
});
