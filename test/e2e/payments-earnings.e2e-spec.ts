import {
  adminEnv,
  API,
  bearer,
  bookRequest,
  createBookableDoctor,
  login,
  registerPatient,
  slotAfter,
  type Account,
} from '../utils/api-journeys';
import { createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, errorOf } from '../utils/responses';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type { DoctorDashboardDto } from '../../src/modules/appointments/analytics/dto/dashboard-response.dto';
import type { AdminDashboardDto } from '../../src/modules/admin/dto/admin-dashboard.dto';

/**
 * Dashboards count money that was recorded, not fees that were due: a clinic visit earns once
 * the doctor (or an admin) records its payment, whether or not it is completed yet, and a
 * completed visit whose payment was never recorded earns nothing. Set up through the API only.
 */
describe('earnings come from recorded payments (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let doctor: Account;

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env });
    admin = await login(t, email);
    doctor = await createBookableDoctor(t, admin);
  });
  afterAll(() => t.close());

  const day = (d: Date) => d.toISOString().slice(0, 10);

  it('counts a recorded clinic payment once and an unrecorded visit not at all', async () => {
    const patient = await registerPatient(t, 'Meera Iyer');
    const paidSlot = slotAfter(30);
    const unpaidSlot = slotAfter(32);
    const paid = await bookRequest(t, patient, doctor.id, paidSlot).expect(201);
    const unpaid = await bookRequest(t, patient, doctor.id, unpaidSlot).expect(201);
    expect(dataOf<AppointmentResponseDto>(paid).paymentState).toBe('pay_at_clinic');

    const range = { from: day(paidSlot), to: day(unpaidSlot) };
    const earnings = async () => {
      const res = await t.http
        .get(`${API}/doctors/me/dashboard`)
        .query(range)
        .set(bearer(doctor.accessToken))
        .expect(200);
      return dataOf<DoctorDashboardDto>(res).earnings as Array<{
        currency: string;
        amount: number;
      }>;
    };
    const revenue = async () => {
      const res = await t.http
        .get(`${API}/admin/dashboard`)
        .query(range)
        .set(bearer(admin.accessToken))
        .expect(200);
      return dataOf<AdminDashboardDto>(res).revenue as Array<{ currency: string; amount: number }>;
    };
    expect((await earnings())[0]).toMatchObject({ currency: 'INR', amount: 0 });
    expect(await revenue()).toEqual([]);

    await t.http
      .post(`${API}/appointments/${dataOf<AppointmentResponseDto>(paid).id}/payments/clinic`)
      .set(bearer(doctor.accessToken))
      .expect(201);
    // Recorded twice (a double click) is still one payment.
    const again = await t.http
      .post(`${API}/appointments/${dataOf<AppointmentResponseDto>(paid).id}/payments/clinic`)
      .set(bearer(doctor.accessToken))
      .expect(409);
    expect(errorOf(again).code).toBe('CLINIC_PAYMENT_ALREADY_RECORDED');

    expect((await earnings())[0]).toMatchObject({ currency: 'INR', amount: 50000 });
    expect(await revenue()).toEqual([{ amount: 50000, currency: 'INR' }]);

    const appointment = await t.http
      .get(`${API}/appointments/${dataOf<AppointmentResponseDto>(paid).id}`)
      .set(bearer(patient.accessToken))
      .expect(200);
    expect(dataOf<AppointmentResponseDto>(appointment).paymentState).toBe('pay_at_clinic');
    expect(dataOf<AppointmentResponseDto>(unpaid).paymentState).toBe('pay_at_clinic');
  });
});
