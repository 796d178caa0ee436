import { createBookableDoctor, insertAppointment } from '../factories/appointments.factory';
import { drainOutbox } from '../utils/outbox';
import type { TestDoctor } from '../factories/doctors.factory';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf } from '../utils/responses';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';

const HOUR = 3_600_000;
const A = `${API}/appointments`;

// Users and the jobs cancel through one builder with the configured policy, not the default one.
describe('appointments: configured refund policy (e2e)', () => {
  let t: TestApp;
  let doctor: TestDoctor;
  let patient: TestUser;

  beforeAll(async () => {
    t = await createTestApp({
      env: { CANCELLATION_FULL_REFUND_HOURS: '48', CANCELLATION_LATE_REFUND_PERCENT: '25' },
    });
    [doctor, patient] = await Promise.all([
      createBookableDoctor(t, { name: 'Dr. Policy' }),
      registerPatient(t, { name: 'Policy Patient' }),
    ]);
  });
  afterAll(() => t.close());

  const paid = (hoursAhead: number, patientId: string) =>
    insertAppointment(t, {
      doctorId: doctor.id,
      patientId,
      startsAt: new Date(Date.now() + hoursAhead * HOUR + 7_000),
      paymentState: 'paid',
      paidAmount: 40000,
    });

  it('refunds a patient by the configured tiers', async () => {
    const id = await paid(30, patient.id);
    const res = await t.http
      .post(`${A}/${id}/cancel`)
      .set(bearer(patient.accessToken))
      .send({ reason: 'Cannot make it' })
      .expect(200);
    expect(dataOf<AppointmentResponseDto>(res).cancellation).toMatchObject({
      by: 'patient',
      refundRule: 'patient_less_than_48h',
      refundPercent: 25,
      refundDue: 10000,
    });
  });

  it('refunds a job cancellation (deleted account) by the configured policy', async () => {
    const leaving = await registerPatient(t, { name: 'Leaving Patient' });
    const id = await paid(30, leaving.id);
    await t.http
      .delete(`${API}/users/me`)
      .set(bearer(leaving.accessToken))
      .send({ password: leaving.password })
      .expect(200);
    await drainOutbox(t);
    const res = await t.http.get(`${A}/${id}`).set(bearer(doctor.accessToken)).expect(200);
    expect(dataOf<AppointmentResponseDto>(res)).toMatchObject({ status: 'cancelled' });
    expect(dataOf<AppointmentResponseDto>(res).cancellation).toMatchObject({
      by: 'system',
      reason: 'account_deleted',
      refundRule: 'cancelled_by_system',
      refundPercent: 100,
      refundDue: 40000,
    });
  });
});
