import { PNG, adminEnv } from '../utils/api-journeys';
import { drainOutbox } from '../utils/outbox';
import { paymentEnv } from '../utils/payments';
import {
  ORIGIN,
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
  type PrescriptoAppointment,
} from '../utils/prescripto';
import { RazorpayStandIn } from '../utils/razorpay-stand-in';
import { StripeStandIn } from '../utils/stripe-stand-in';
import { createTestApp, type TestApp } from '../utils/test-app';

interface Card {
  _id: string;
  name: string;
  speciality: string;
  email: string;
  available: boolean;
  slots_booked: Record<string, string[]>;
}

/**
 * Both Prescripto apps end to end, through the compatibility routes only, as their pages call
 * them: the admin panel adds doctors, the patient app registers, edits the profile, books, pays
 * with Stripe and with Razorpay (the real SDKs against local stand-ins) and cancels; the doctor
 * panel completes a visit; the dashboards add up.
 */
describe('Prescripto journeys: web app, admin panel and doctor panel (e2e)', () => {
  const stripe = new StripeStandIn();
  const razorpay = new RazorpayStandIn();
  const admin = adminEnv();
  let t: TestApp;

  beforeAll(async () => {
    const [stripeUrl, razorpayUrl] = await Promise.all([stripe.start(), razorpay.start()]);
    t = await createTestApp({
      env: {
        ...admin.env,
        ...paymentEnv({
          stripe: { url: stripeUrl, s: stripe },
          razorpay: { url: razorpayUrl, r: razorpay },
        }),
        CORS_ORIGINS: ORIGIN,
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([stripe.stop(), razorpay.stop()]);
  });

  it('runs the journeys of both apps', async () => {
    // ---- Admin panel: sign in, add two doctors, see them listed.
    const atoken = await prescriptoLogin(t, 'admin', admin.email);
    const gp = { email: 'asha.rao@example.com', password: 'Asha-initial-2026' };
    const derm = { email: 'vikram.sen@example.com', password: 'Vikram-initial-2026' };
    expect(
      ok200(
        await addDoctorRequest(t, atoken, {
          name: 'Dr. Asha Rao',
          ...gp,
          speciality: 'General physician',
          fees: '500',
        }),
      ),
    ).toEqual({ success: true, message: 'Doctor Added' });
    expect(
      ok200(
        await addDoctorRequest(t, atoken, {
          name: 'Dr. Vikram Sen',
          ...derm,
          speciality: 'Dermatologist',
          fees: '800',
          experience: '10 Year',
        }),
      ),
    ).toEqual({ success: true, message: 'Doctor Added' });
    const all = ok200(await t.http.get('/api/admin/all-doctors').set(adminHeader(atoken)))
      .doctors as Card[];
    const gpId = all.find((d) => d.email === gp.email)?._id as string;
    const dermId = all.find((d) => d.email === derm.email)?._id as string;
    expect(all.map((d) => d.speciality).sort()).toEqual(['Dermatologist', 'General physician']);

    // ---- Patient app: the doctors page filters by the exact speciality name.
    const doctors = () => t.http.get('/api/doctor/list').then((r) => ok200(r).doctors as Card[]);
    const listed = await doctors();
    expect(listed.filter((d) => d.speciality === 'Dermatologist').map((d) => d._id)).toEqual([
      dermId,
    ]);
    expect(listed.every((d) => d.available && Object.keys(d.slots_booked).length === 0)).toBe(true);

    // Register, complete the profile with a picture.
    const ravi = await prescriptoRegister(t, 'Ravi Kumar');
    expect(
      ok200(
        await t.http
          .post('/api/user/update-profile')
          .set(patientHeader(ravi.token))
          .field('name', 'Ravi Kumar')
          .field('phone', '9876543210')
          .field('address', JSON.stringify({ line1: '1 Residency Rd', line2: 'Bengaluru' }))
          .field('gender', 'Male')
          .field('dob', '1991-07-15')
          .attach('image', PNG, 'ravi.png'),
      ),
    ).toEqual({ success: true, message: 'Profile Updated' });
    const profile = ok200(await t.http.get('/api/user/get-profile').set(patientHeader(ravi.token)))
      .userData as { image: string; phone: string };
    expect(profile.image).toMatch(/^http:\/\/localhost:3000\/uploads\/avatars\//);
    expect(profile.phone).toBe('+919876543210');
    await t.http.get(new URL(profile.image).pathname).expect(200);

    // Book three days ahead (refundable in full), and see the slot taken for another patient.
    const s1 = gridSlot(22 * 3 + 2);
    const s2 = gridSlot(22 * 3 + 4);
    const s3 = gridSlot(22 * 3 + 6);
    expect(ok200(await bookRequest(t, ravi.token, gpId, s1))).toEqual({
      success: true,
      message: 'Appointment Booked',
    });
    const meera = await prescriptoRegister(t, 'Meera Iyer');
    const card = (await doctors()).find((d) => d._id === gpId) as Card;
    expect(card.slots_booked[s1.slotDate]).toEqual(expect.arrayContaining([s1.slotTime]));
    expect(ok200(await bookRequest(t, meera.token, gpId, s1))).toMatchObject({
      success: false,
      message: 'Slot Not Available',
    });
    expect(ok200(await bookRequest(t, meera.token, gpId, s2)).success).toBe(true);
    expect(ok200(await bookRequest(t, ravi.token, dermId, s3)).success).toBe(true);

    const find = async (token: string, docName: string, slot: { slotDate: string }) =>
      (await myAppointments(t, token)).find(
        (a) => a.docData.name === docName && a.slotDate === slot.slotDate,
      ) as PrescriptoAppointment;
    const raviGp = await find(ravi.token, 'Dr. Asha Rao', s1);
    const raviDerm = await find(ravi.token, 'Dr. Vikram Sen', s3);
    const meeraGp = await find(meera.token, 'Dr. Asha Rao', s2);
    expect([raviGp.amount, raviDerm.amount, meeraGp.amount]).toEqual([500, 800, 500]);

    // Pay the GP visit with Stripe: Checkout returns to the app's /verify page.
    const started = ok200(
      await t.http
        .post('/api/user/payment-stripe')
        .set(patientHeader(ravi.token))
        .set('Origin', ORIGIN)
        .send({ appointmentId: raviGp._id }),
    );
    const sessionId = (started.session_url as string).split('/').pop() as string;
    const session = stripe.complete(sessionId);
    const verifyUrl = new URL(session.success_url);
    expect(verifyUrl.pathname).toBe('/verify');
    expect(
      ok200(
        await t.http
          .post('/api/user/verifyStripe')
          .set(patientHeader(ravi.token))
          .send({
            success: verifyUrl.searchParams.get('success'),
            appointmentId: verifyUrl.searchParams.get('appointmentId'),
          }),
      ),
    ).toEqual({ success: true, message: 'Payment Successful' });

    // Pay the dermatology visit and Meera's with Razorpay.
    expect(await payWithRazorpay(t, razorpay, ravi.token, raviDerm._id)).toEqual({
      success: true,
      message: 'Payment Successful',
    });
    expect(await payWithRazorpay(t, razorpay, meera.token, meeraGp._id)).toMatchObject({
      success: true,
    });
    expect((await myAppointments(t, ravi.token)).map((a) => a.payment)).toEqual([true, true]);

    // Ravi cancels the Stripe-paid visit: the refund policy refunds it in full, the slot frees.
    expect(
      ok200(
        await t.http
          .post('/api/user/cancel-appointment')
          .set(patientHeader(ravi.token))
          .send({ appointmentId: raviGp._id }),
      ),
    ).toEqual({ success: true, message: 'Appointment Cancelled' });
    await drainOutbox(t);
    expect(stripe.refundedOf(session.payment_intent as string)).toBe(50000);
    const freed = (await doctors()).find((d) => d._id === gpId) as Card;
    expect(freed.slots_booked[s1.slotDate] ?? []).not.toContain(s1.slotTime);
    expect((await find(ravi.token, 'Dr. Asha Rao', s1)).cancelled).toBe(true);

    // ---- Doctor panel: sign in with the password the admin chose, see and finish the day.
    const dtoken = await prescriptoLogin(t, 'doctor', gp.email, gp.password);
    const mine = ok200(await t.http.get('/api/doctor/appointments').set(doctorHeader(dtoken)))
      .appointments as PrescriptoAppointment[];
    expect(mine.map((a) => [a.userData.name, a.cancelled, a.payment])).toEqual([
      ['Ravi Kumar', true, true],
      ['Meera Iyer', false, true],
    ]);
    await startVisit(t, meeraGp._id);
    expect(
      ok200(
        await t.http
          .post('/api/doctor/complete-appointment')
          .set(doctorHeader(dtoken))
          .send({ appointmentId: meeraGp._id }),
      ),
    ).toEqual({ success: true, message: 'Appointment Completed' });
    const doctorDash = ok200(await t.http.get('/api/doctor/dashboard').set(doctorHeader(dtoken)))
      .dashData as {
      earnings: number;
      appointments: number;
      patients: number;
      latestAppointments: PrescriptoAppointment[];
    };
    expect(doctorDash).toMatchObject({ earnings: 500, appointments: 2, patients: 2 });
    expect(doctorDash.latestAppointments.find((a) => a._id === meeraGp._id)?.isCompleted).toBe(
      true,
    );

    // ---- Admin dashboard: the counts match what happened.
    const dash = ok200(await t.http.get('/api/admin/dashboard').set(adminHeader(atoken)))
      .dashData as {
      doctors: number;
      appointments: number;
      patients: number;
      latestAppointments: PrescriptoAppointment[];
    };
    expect(dash).toMatchObject({ doctors: 2, appointments: 3, patients: 2 });
    expect(dash.latestAppointments.map((a) => a._id).sort()).toEqual(
      [raviGp._id, raviDerm._id, meeraGp._id].sort(),
    );
    const adminList = ok200(await t.http.get('/api/admin/appointments').set(adminHeader(atoken)))
      .appointments as PrescriptoAppointment[];
    expect(adminList.map((a) => [a.docData.name, a.cancelled, a.isCompleted])).toEqual(
      expect.arrayContaining([
        ['Dr. Asha Rao', true, false],
        ['Dr. Asha Rao', false, true],
        ['Dr. Vikram Sen', false, false],
      ]),
    );
  }, 60_000);
});
