import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { AppointmentAnalyticsRepository } from '../../src/modules/appointments/analytics/appointment-analytics.repository';
import { AppointmentStatus } from '../../src/modules/appointments/domain/appointment-status';
import type { PaymentState } from '../../src/modules/appointments/schemas/appointment.schema';
import { appointmentModel, setDayOff, setSchedule } from '../factories/appointments.factory';
import { createAdmin, createDoctor, type TestDoctor } from '../factories/doctors.factory';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { winningPlanStages } from '../utils/explain';
import { createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf } from '../utils/responses';
import type { DoctorDashboardDto } from '../../src/modules/appointments/analytics/dto/dashboard-response.dto';
import type { AdminDashboardDto } from '../../src/modules/admin/dto/admin-dashboard.dto';

const URL = `${API}/doctors/me/dashboard`;
const ADMIN_URL = `${API}/admin/dashboard`;
const ZONE = 'Asia/Kolkata'; // UTC+05:30 all year

interface Seed {
  doctorId: string;
  patientId: string;
  startsAt: string;
  status: AppointmentStatus;
  fee?: number;
  currency?: string;
  paymentState?: PaymentState;
  paidAmount?: number;
  /** Of paidAmount, refunded (default: all of it when the state is `refunded`). */
  refundedAmount?: number;
  doctor?: { name: string; speciality: string; specialityName: string; timezone: string };
}

const DASH_DOCTOR = {
  name: 'Dr. Dash',
  speciality: 'general-physician',
  specialityName: 'General physician',
  timezone: 'Asia/Kolkata',
};

let createdSeq = 0;

/**
 * Writes appointments straight into the collection: past and completed ones cannot be booked
 * through the API. createdAt is explicit (one minute apart, in call order) so "latest" is known.
 */
async function seed(t: TestApp, rows: Seed[]): Promise<string[]> {
  const base = Date.parse('2026-06-01T00:00:00Z');
  const docs = rows.map((r) => {
    const startsAt = new Date(r.startsAt);
    const active =
      r.status === AppointmentStatus.Pending || r.status === AppointmentStatus.Confirmed;
    const createdAt = new Date(base + createdSeq++ * 60_000);
    return {
      _id: new Types.ObjectId(),
      doctorId: new Types.ObjectId(r.doctorId),
      patientId: new Types.ObjectId(r.patientId),
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      status: r.status,
      ...(active ? { active: true } : {}),
      holdExpiresAt: null,
      feeAmount: r.fee ?? 50000,
      currency: r.currency ?? 'INR',
      paymentState: r.paymentState ?? 'pay_at_clinic',
      // A completed clinic visit has its clinic payment recorded unless the row says otherwise.
      paidAmount:
        r.paidAmount ??
        (r.status === AppointmentStatus.Completed &&
        (r.paymentState ?? 'pay_at_clinic') === 'pay_at_clinic'
          ? (r.fee ?? 50000)
          : 0),
      refundedAmount: r.refundedAmount ?? (r.paymentState === 'refunded' ? (r.paidAmount ?? 0) : 0),
      patient: {
        name: 'Seeded Patient',
        email: null,
        phone: null,
        imageUrl: null,
        dateOfBirth: null,
      },
      doctor: {
        ...(r.doctor ?? DASH_DOCTOR),
        degree: 'MBBS',
        imageUrl: null,
        address: { line1: '', line2: '' },
      },
      history: [{ status: r.status, at: createdAt, by: null, byRole: 'system', reason: 'seeded' }],
      cancellation: null,
      reminderSentAt: null,
      rescheduledFrom: [],
      createdAt,
      updatedAt: createdAt,
      __v: 0,
    };
  });
  await appointmentModel(t).collection.insertMany(docs);
  return docs.map((d) => d._id.toHexString());
}

describe('doctor dashboard (e2e)', () => {
  let t: TestApp;
  let doctor: TestDoctor;
  let otherDoctor: TestDoctor;
  let patient: TestUser;
  let admin: TestUser;
  const ids: Record<string, string> = {};
  const P = Array.from({ length: 7 }, () => new Types.ObjectId().toHexString());

  beforeAll(async () => {
    t = await createTestApp();
    [doctor, otherDoctor, patient, admin] = await Promise.all([
      createDoctor(t, { name: 'Dr. Dash', timezone: ZONE, fee: 50000, currency: 'INR' }),
      createDoctor(t, { name: 'Dr. Other', timezone: ZONE }),
      registerPatient(t),
      createAdmin(t),
    ]);
    const d = doctor.id;
    const C = AppointmentStatus;
    // Insertion order = booking order; startsAt comments are local (IST) times.
    const names = ['a9', 'a2', 'a13', 'a5', 'a3', 'a11', 'a7', 'a4', 'a6', 'a8', 'o1', 'a1', 'a10'];
    const rows: Record<string, Seed> = {
      // 31 Mar 23:45: last quarter hour of the range.
      a9: { doctorId: d, patientId: P[5], startsAt: '2026-03-31T18:15:00Z', status: C.Confirmed },
      // Mon 2 Feb 10:00 (W06).
      a2: { doctorId: d, patientId: P[1], startsAt: '2026-02-02T04:30:00Z', status: C.Completed },
      a13: {
        doctorId: d,
        patientId: P[6],
        startsAt: '2026-02-21T06:00:00Z',
        status: C.Cancelled,
        paymentState: 'partially_refunded',
        paidAmount: 50000,
        refundedAmount: 25000,
      },
      // Mon 2 Mar 00:30 (W10, March); in UTC still Sunday 1 March (W09).
      a5: {
        doctorId: d,
        patientId: P[3],
        startsAt: '2026-03-01T19:00:00Z',
        status: C.Confirmed,
        fee: 60000,
        paymentState: 'paid',
        paidAmount: 60000,
      },
      // Sun 1 Mar 00:15 (W09, March); in UTC still 28 February.
      a3: {
        doctorId: d,
        patientId: P[2],
        startsAt: '2026-02-28T18:45:00Z',
        status: C.Completed,
        fee: 70000,
      },
      // Fri 20 Feb (W08): completed AND paid online counts once, at the fee.
      a11: {
        doctorId: d,
        patientId: P[3],
        startsAt: '2026-02-20T06:00:00Z',
        status: C.Completed,
        paymentState: 'paid',
        paidAmount: 50000,
      },
      a7: {
        doctorId: d,
        patientId: P[4],
        startsAt: '2026-03-11T05:00:00Z',
        status: C.Pending,
        paymentState: 'unpaid',
      },
      // Mon 2 Mar 00:15, refunded.
      a4: {
        doctorId: d,
        patientId: P[1],
        startsAt: '2026-03-01T18:45:00Z',
        status: C.Cancelled,
        paymentState: 'refunded',
        paidAmount: 50000,
      },
      a6: { doctorId: d, patientId: P[2], startsAt: '2026-03-10T05:00:00Z', status: C.NoShow },
      // Thu 12 Mar (W11), in another currency.
      a8: {
        doctorId: d,
        patientId: P[1],
        startsAt: '2026-03-12T05:00:00Z',
        status: C.Completed,
        fee: 2500,
        currency: 'USD',
      },
      // Another doctor's appointment in the range: never counted.
      o1: {
        doctorId: otherDoctor.id,
        patientId: P[1],
        startsAt: '2026-03-05T05:00:00Z',
        status: C.Completed,
      },
      // 31 Jan 23:45: the day before the range (in UTC it would already be inside).
      a1: { doctorId: d, patientId: P[0], startsAt: '2026-01-31T18:15:00Z', status: C.Completed },
      // 1 Apr 00:00: the first instant after the range.
      a10: { doctorId: d, patientId: P[0], startsAt: '2026-03-31T18:30:00Z', status: C.Completed },
    };
    const inserted = await seed(
      t,
      names.map((n) => rows[n]),
    );
    names.forEach((n, i) => (ids[n] = inserted[i]));
  });
  afterAll(() => t.close());

  const get = (query: Record<string, string>, token = doctor.accessToken) =>
    t.http.get(URL).query(query).set(bearer(token));

  it('computes every figure for the range in the doctor’s time zone', async () => {
    const res = await get({ from: '2026-02-01', to: '2026-03-31' }).expect(200);
    expect(res.body).toMatchObject({ success: true, message: 'Doctor dashboard' });
    const data = dataOf<DoctorDashboardDto>(res);
    expect(data.range).toEqual({
      from: '2026-02-01',
      to: '2026-03-31',
      timezone: ZONE,
      start: '2026-01-31T18:30:00.000Z',
      end: '2026-03-31T18:30:00.000Z',
    });
    expect(data.appointments).toEqual({
      total: 10,
      pending: 1,
      confirmed: 2,
      completed: 4,
      noShow: 1,
      cancelled: 2,
    });
    expect(data.patients).toBe(6);

    const week = (w: number, start: string, end: string, amount: number) => ({
      week: `2026-W${String(w).padStart(2, '0')}`,
      start,
      end,
      amount,
    });
    const weeks = [
      ['2026-01-26', '2026-02-01'],
      ['2026-02-02', '2026-02-08'],
      ['2026-02-09', '2026-02-15'],
      ['2026-02-16', '2026-02-22'],
      ['2026-02-23', '2026-03-01'],
      ['2026-03-02', '2026-03-08'],
      ['2026-03-09', '2026-03-15'],
      ['2026-03-16', '2026-03-22'],
      ['2026-03-23', '2026-03-29'],
      ['2026-03-30', '2026-04-05'],
    ];
    // W08 includes a13: 50000 paid online, 25000 refunded, so 25000 earned.
    const inr = [0, 50000, 0, 75000, 70000, 60000, 0, 0, 0, 0];
    const usd = [0, 0, 0, 0, 0, 0, 2500, 0, 0, 0];
    expect(data.earnings).toEqual([
      {
        currency: 'INR',
        amount: 255000,
        weekly: weeks.map(([s, e], i) => week(5 + i, s, e, inr[i])),
        monthly: [
          { month: '2026-02', amount: 125000 },
          { month: '2026-03', amount: 130000 },
        ],
      },
      {
        currency: 'USD',
        amount: 2500,
        weekly: weeks.map(([s, e], i) => week(5 + i, s, e, usd[i])),
        monthly: [
          { month: '2026-02', amount: 0 },
          { month: '2026-03', amount: 2500 },
        ],
      },
    ]);

    // The five most recently booked in the range, newest first; mapped like every appointment.
    expect(data.latest.map((a: { id: string }) => a.id)).toEqual(
      ['a8', 'a6', 'a4', 'a7', 'a11'].map((n) => ids[n]),
    );
    expect(data.latest[0]).toMatchObject({
      id: ids.a8,
      doctorId: doctor.id,
      patientId: P[1],
      startsAt: '2026-03-12T05:00:00.000Z',
      status: 'completed',
      fee: { amount: 2500, currency: 'USD' },
      doctor: { name: 'Dr. Dash', timezone: ZONE },
      createdAt: expect.any(String),
    });
    expect(Object.keys(data.latest[0])).not.toContain('_id');
    expect(Object.keys(data.latest[0])).not.toContain('active');
  });

  it('moves an appointment near local midnight with the zone: one day at each edge', async () => {
    // The first local day alone: nothing (a1 is the evening before, a2 is on 2 Feb).
    const first = await get({ from: '2026-02-01', to: '2026-02-01' }).expect(200);
    expect(dataOf<DoctorDashboardDto>(first).appointments.total).toBe(0);
    // 31 March alone: a9 (23:45 local) only, not a10 (00:00 on 1 April local).
    const last = await get({ from: '2026-03-31', to: '2026-03-31' }).expect(200);
    expect(dataOf<DoctorDashboardDto>(last).appointments).toMatchObject({ total: 1, confirmed: 1 });
    expect(dataOf<DoctorDashboardDto>(last).latest.map((a: { id: string }) => a.id)).toEqual([
      ids.a9,
    ]);
    // 1 March local holds a3 (00:15 local, 28 Feb in UTC).
    const march1 = await get({ from: '2026-03-01', to: '2026-03-01' }).expect(200);
    expect(dataOf<DoctorDashboardDto>(march1).earnings[0]).toMatchObject({
      currency: 'INR',
      amount: 70000,
      weekly: [{ week: '2026-W09', amount: 70000 }],
      monthly: [{ month: '2026-03', amount: 70000 }],
    });
  });

  it('always lists the current fee currency, with zeros, when nothing was earned', async () => {
    const res = await get({ from: '2025-01-01', to: '2025-01-31' }).expect(200);
    expect(dataOf<DoctorDashboardDto>(res)).toMatchObject({
      appointments: { total: 0 },
      patients: 0,
      latest: [],
    });
    expect(dataOf<DoctorDashboardDto>(res).earnings).toHaveLength(1);
    expect(dataOf<DoctorDashboardDto>(res).earnings[0]).toMatchObject({
      currency: 'INR',
      amount: 0,
      monthly: [{ month: '2025-01', amount: 0 }],
    });
    expect(
      dataOf<DoctorDashboardDto>(res).earnings[0].weekly.map((w: { week: string }) => w.week),
    ).toEqual(['2025-W01', '2025-W02', '2025-W03', '2025-W04', '2025-W05']);
  });

  it('defaults to 90 days back through 30 days ahead (local dates)', async () => {
    const today = DateTime.now().setZone(ZONE).startOf('day');
    const res = await get({}).expect(200);
    expect(dataOf<DoctorDashboardDto>(res).range).toMatchObject({
      from: today.minus({ days: 90 }).toISODate(),
      to: today.plus({ days: 30 }).toISODate(),
      timezone: ZONE,
    });
  });

  it('only shows the caller’s own appointments', async () => {
    const res = await get({ from: '2026-03-05', to: '2026-03-05' }, otherDoctor.accessToken);
    expect(res.status).toBe(200);
    expect(dataOf<DoctorDashboardDto>(res).appointments.total).toBe(1);
    expect(dataOf<DoctorDashboardDto>(res).latest.map((a: { id: string }) => a.id)).toEqual([
      ids.o1,
    ]);
  });

  it('accepts up to 366 days and rejects longer or reversed ranges', async () => {
    await get({ from: '2025-01-01', to: '2026-01-01' }).expect(200);
    const long = await get({ from: '2025-01-01', to: '2026-01-02' }).expect(400);
    expect(long.body).toMatchObject({ success: false, code: 'DATE_RANGE_TOO_LONG' });
    const reversed = await get({ from: '2026-03-02', to: '2026-03-01' }).expect(400);
    expect(errorOf(reversed).code).toBe('INVALID_DATE_RANGE');
    // Only `to`, before the default `from`: reversed too.
    expect(errorOf(await get({ to: '2020-01-01' }).expect(400)).code).toBe('INVALID_DATE_RANGE');
  });

  it.each([
    ['a non-date', { from: 'yesterday' }],
    ['an impossible date', { from: '2026-02-30' }],
    ['a date without zero padding', { to: '2026-3-1' }],
    ['a date-time', { from: '2026-03-01T00:00:00Z' }],
    ['an unknown parameter', { from: '2026-03-01', limit: '5' }],
  ])('400 for %s', async (_label, query) => {
    const res = await get(query as Record<string, string>).expect(400);
    expect(res.body).toMatchObject({ success: false, code: 'VALIDATION_FAILED' });
  });

  it('400 for a repeated parameter and for Mongo operators in the query', async () => {
    const repeated = await t.http
      .get(`${URL}?from=2026-03-01&from=2026-03-02`)
      .set(bearer(doctor.accessToken))
      .expect(400);
    expect(errorOf(repeated).code).toBe('VALIDATION_FAILED');
    const operator = await t.http
      .get(`${URL}?from[$gt]=2026-01-01`)
      .set(bearer(doctor.accessToken))
      .expect(400);
    expect(operator.body).toMatchObject({ success: false, code: 'FORBIDDEN_KEY' });
  });

  it('401 without a token, 403 for patients and admins', async () => {
    const anonymous = await t.http.get(URL).expect(401);
    expect(errorOf(anonymous).success).toBe(false);
    await get({}, patient.accessToken).expect(403);
    await get({}, admin.accessToken).expect(403);
  });

  it('reads only the range, through the {doctorId, startsAt} index', async () => {
    const repo = t.get(AppointmentAnalyticsRepository);
    const explain = await repo.explainDoctorDashboard(
      doctor.id,
      new Date('2026-01-31T18:30:00Z'),
      new Date('2026-03-31T18:30:00Z'),
      ZONE,
    );
    const stages = winningPlanStages(explain);
    expect(stages.map((s) => s.stage)).not.toContain('COLLSCAN');
    const scans = stages.filter((s) => s.stage === 'IXSCAN');
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) {
      const keys = Object.keys((scan as { keyPattern?: Record<string, number> }).keyPattern ?? {});
      expect(keys.slice(0, 2)).toEqual(['doctorId', 'startsAt']);
    }
  });
});

describe('admin dashboard (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let patients: TestUser[];
  let docA: TestDoctor;
  let docB: TestDoctor;
  let docC: TestDoctor;
  const ids: Record<string, string> = {};
  const fake = Array.from({ length: 3 }, () => new Types.ObjectId().toHexString());
  const range = { from: '2026-02-01', to: '2026-03-31' };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    [docA, docB, docC] = await Promise.all([
      createDoctor(t, { name: 'Dr. A', speciality: 'cardiologist', timezone: 'UTC' }),
      createDoctor(t, { name: 'Dr. B', timezone: 'Asia/Kolkata' }),
      createDoctor(t, { name: 'Dr. C', speciality: 'dermatologist', visible: false }),
    ]);
    const docE = await createDoctor(t, { name: 'Dr. E' });
    patients = await Promise.all([registerPatient(t), registerPatient(t), registerPatient(t)]);
    await t.http
      .post(`${API}/admin/users/${patients[2].id}/suspend`)
      .set(bearer(admin.accessToken))
      .send({ reason: 'Test' })
      .expect(200);
    await t.http
      .patch(`${API}/admin/doctors/${docE.id}`)
      .set(bearer(admin.accessToken))
      .send({ approvalStatus: 'revoked' })
      .expect(200);
    const weekdays = { start: '09:00', end: '12:00' };
    // A (UTC): 6 slots on each of the 42 weekdays of Feb + Mar 2026 = 252.
    await setSchedule(t, docA, {
      weekly: {
        mon: [weekdays],
        tue: [weekdays],
        wed: [weekdays],
        thu: [weekdays],
        fri: [weekdays],
      },
    });
    // B (Kolkata, 04:30-05:30 UTC): 2 slots on each of the 59 days, minus one day off = 116.
    const daily = [{ start: '10:00', end: '11:00' }];
    await setSchedule(t, docB, {
      weekly: {
        mon: daily,
        tue: daily,
        wed: daily,
        thu: daily,
        fri: daily,
        sat: daily,
        sun: daily,
      },
    });
    await setDayOff(t, docB, '2026-03-15');
    // Unlisted doctors' schedules never count (C hidden, E's approval revoked).
    await setSchedule(t, docC);
    await setSchedule(t, docE);

    const snap = (name: string, speciality: string, specialityName: string) => ({
      name,
      speciality,
      specialityName,
      timezone: 'UTC',
    });
    const A = { doctorId: docA.id, doctor: snap('Dr. A', 'cardiologist', 'Cardiologist') };
    const B = {
      doctorId: docB.id,
      doctor: snap('Dr. B', 'general-physician', 'General physician'),
    };
    const C = { doctorId: docC.id, doctor: snap('Dr. C', 'dermatologist', 'Dermatologist') };
    const D = (i: number) => ({
      doctorId: fake[i],
      doctor: snap(`Dr. D${i}`, 'dentist', 'Dentist'),
    });
    const S = AppointmentStatus;
    const p = patients[0].id;
    const rows: Record<string, Seed> = {
      x1: { ...A, patientId: p, startsAt: '2026-02-02T09:00:00Z', status: S.Completed, fee: 80000 },
      x2: {
        ...A,
        patientId: p,
        startsAt: '2026-02-03T09:00:00Z',
        status: S.Completed,
        fee: 80000,
        paymentState: 'paid',
        paidAmount: 80000,
      },
      x3: {
        ...A,
        patientId: p,
        startsAt: '2026-03-02T09:00:00Z',
        status: S.Cancelled,
        paymentState: 'refunded',
        paidAmount: 80000,
      },
      x4: { ...A, patientId: p, startsAt: '2026-03-03T09:00:00Z', status: S.NoShow },
      x5: { ...A, patientId: p, startsAt: '2026-01-31T23:30:00Z', status: S.Completed },
      // 23:30 UTC on 28 Feb: February for the platform (UTC), whatever the doctor's zone.
      y1: { ...B, patientId: p, startsAt: '2026-02-28T23:30:00Z', status: S.Completed },
      y2: {
        ...B,
        patientId: p,
        startsAt: '2026-03-01T00:15:00Z',
        status: S.Confirmed,
        paymentState: 'paid',
        paidAmount: 50000,
      },
      y3: {
        ...B,
        patientId: p,
        startsAt: '2026-03-05T04:30:00Z',
        status: S.Pending,
        paymentState: 'unpaid',
      },
      y4: { ...B, patientId: p, startsAt: '2026-03-31T23:45:00Z', status: S.Completed },
      y5: { ...B, patientId: p, startsAt: '2026-04-01T00:00:00Z', status: S.Completed },
      z1: {
        ...C,
        patientId: p,
        startsAt: '2026-02-10T10:00:00Z',
        status: S.Completed,
        fee: 3000,
        currency: 'USD',
      },
      z2: {
        ...C,
        patientId: p,
        startsAt: '2026-02-11T10:00:00Z',
        status: S.Completed,
        fee: 3000,
        currency: 'USD',
      },
      z3: {
        ...C,
        patientId: p,
        startsAt: '2026-02-12T10:00:00Z',
        status: S.Completed,
        fee: 3000,
        currency: 'USD',
      },
      z4: {
        ...C,
        patientId: p,
        startsAt: '2026-03-12T10:00:00Z',
        status: S.Confirmed,
        currency: 'USD',
      },
      d0: {
        ...D(0),
        patientId: p,
        startsAt: '2026-02-14T10:00:00Z',
        status: S.Completed,
        fee: 10000,
      },
      d1: {
        ...D(1),
        patientId: p,
        startsAt: '2026-02-15T10:00:00Z',
        status: S.Completed,
        fee: 20000,
      },
      d2: {
        ...D(2),
        patientId: p,
        startsAt: '2026-02-16T10:00:00Z',
        status: S.Completed,
        fee: 30000,
      },
    };
    const order = [
      'z4',
      'x1',
      'y3',
      'd0',
      'x2',
      'z1',
      'y1',
      'd1',
      'x3',
      'z2',
      'y2',
      'd2',
      'x4',
      'z3',
      'y4',
      'x5',
      'y5',
    ];
    const inserted = await seed(
      t,
      order.map((n) => rows[n]),
    );
    order.forEach((n, i) => (ids[n] = inserted[i]));
  });
  afterAll(() => t.close());

  const get = (query: Record<string, string>, token = admin.accessToken) =>
    t.http.get(ADMIN_URL).query(query).set(bearer(token));

  it('computes every figure for the range (UTC)', async () => {
    const res = await get(range).expect(200);
    expect(res.body).toMatchObject({ success: true, message: 'Admin dashboard' });
    const data = dataOf<AdminDashboardDto>(res);
    expect(data.range).toEqual({
      from: '2026-02-01',
      to: '2026-03-31',
      timezone: 'UTC',
      start: '2026-02-01T00:00:00.000Z',
      end: '2026-04-01T00:00:00.000Z',
    });
    expect(data.doctors).toEqual({ total: 4, approved: 3, listed: 2 });
    expect(data.patients).toEqual({ total: 3, active: 2 });
    expect(data.appointments).toEqual({
      total: 15,
      pending: 1,
      confirmed: 2,
      completed: 10,
      noShow: 1,
      cancelled: 1,
    });
    expect(data.revenue).toEqual([
      { amount: 370000, currency: 'INR' },
      { amount: 9000, currency: 'USD' },
    ]);
    expect(data.monthly).toEqual([
      {
        month: '2026-02',
        appointments: 9,
        completed: 9,
        revenue: [
          { amount: 270000, currency: 'INR' },
          { amount: 9000, currency: 'USD' },
        ],
      },
      {
        month: '2026-03',
        appointments: 6,
        completed: 1,
        revenue: [{ amount: 100000, currency: 'INR' }],
      },
    ]);
    expect(data.specialities).toEqual([
      { speciality: 'cardiologist', specialityName: 'Cardiologist', appointments: 4, completed: 2 },
      {
        speciality: 'dermatologist',
        specialityName: 'Dermatologist',
        appointments: 4,
        completed: 3,
      },
      {
        speciality: 'general-physician',
        specialityName: 'General physician',
        appointments: 4,
        completed: 2,
      },
      { speciality: 'dentist', specialityName: 'Dentist', appointments: 3, completed: 3 },
    ]);
    expect(data.topDoctors).toEqual([
      {
        doctorId: docC.id,
        name: 'Dr. C',
        speciality: 'dermatologist',
        completed: 3,
        appointments: 4,
        revenue: [{ amount: 9000, currency: 'USD' }],
      },
      {
        doctorId: docA.id,
        name: 'Dr. A',
        speciality: 'cardiologist',
        completed: 2,
        appointments: 4,
        revenue: [{ amount: 160000, currency: 'INR' }],
      },
      {
        doctorId: docB.id,
        name: 'Dr. B',
        speciality: 'general-physician',
        completed: 2,
        appointments: 4,
        revenue: [{ amount: 150000, currency: 'INR' }],
      },
      {
        doctorId: fake[2],
        name: 'Dr. D2',
        speciality: 'dentist',
        completed: 1,
        appointments: 1,
        revenue: [{ amount: 30000, currency: 'INR' }],
      },
      {
        doctorId: fake[1],
        name: 'Dr. D1',
        speciality: 'dentist',
        completed: 1,
        appointments: 1,
        revenue: [{ amount: 20000, currency: 'INR' }],
      },
    ]);
    // Listed doctors only (A and B): booked = every status but cancelled.
    expect(data.utilisation).toEqual({
      doctors: 2,
      offeredSlots: 252 + 116,
      bookedSlots: 3 + 4,
      rate: 0.019,
    });
    expect(data.latest.map((a: { id: string }) => a.id)).toEqual(
      ['y4', 'z3', 'x4', 'd2', 'y2'].map((n) => ids[n]),
    );
    expect(data.latest[0]).toMatchObject({
      doctorId: docB.id,
      startsAt: '2026-03-31T23:45:00.000Z',
      status: 'completed',
      doctor: { name: 'Dr. B', speciality: 'general-physician' },
    });
    expect(Object.keys(data.latest[0])).not.toContain('_id');
  });

  it('counts the offered slots of exactly the range', async () => {
    // Monday 2 March alone: A has 6 slots, B 2; x3 is cancelled, so nothing of theirs is booked.
    const res = await get({ from: '2026-03-02', to: '2026-03-02' }).expect(200);
    expect(dataOf<AdminDashboardDto>(res).utilisation).toEqual({
      doctors: 2,
      offeredSlots: 8,
      bookedSlots: 0,
      rate: 0,
    });
    // B's day off.
    const off = await get({ from: '2026-03-15', to: '2026-03-15' }).expect(200);
    expect(dataOf<AdminDashboardDto>(off).utilisation).toMatchObject({
      offeredSlots: 0,
      rate: null,
    });
  });

  it('defaults to 90 days back through 30 days ahead (UTC dates)', async () => {
    const today = DateTime.utc().startOf('day');
    const res = await get({}).expect(200);
    expect(dataOf<AdminDashboardDto>(res).range).toMatchObject({
      from: today.minus({ days: 90 }).toISODate(),
      to: today.plus({ days: 30 }).toISODate(),
      timezone: 'UTC',
    });
    expect(dataOf<AdminDashboardDto>(res).monthly.length).toBeGreaterThanOrEqual(4);
  });

  it('400 for bad, reversed, over-long ranges, unknown parameters and operators', async () => {
    expect(errorOf(await get({ from: '2026-02-30' }).expect(400)).code).toBe('VALIDATION_FAILED');
    expect(errorOf(await get({ ...range, page: '1' }).expect(400)).code).toBe('VALIDATION_FAILED');
    expect(errorOf(await get({ from: '2026-03-02', to: '2026-03-01' }).expect(400)).code).toBe(
      'INVALID_DATE_RANGE',
    );
    expect(errorOf(await get({ from: '2025-01-01', to: '2026-01-02' }).expect(400)).code).toBe(
      'DATE_RANGE_TOO_LONG',
    );
    const operator = await t.http
      .get(`${ADMIN_URL}?to[$ne]=x`)
      .set(bearer(admin.accessToken))
      .expect(400);
    expect(errorOf(operator).code).toBe('FORBIDDEN_KEY');
  });

  it('401 without a token, 403 for doctors and patients', async () => {
    await t.http.get(ADMIN_URL).expect(401);
    await get({}, docA.accessToken).expect(403);
    await get({}, patients[0].accessToken).expect(403);
  });

  it('reads only the range, through a {startsAt} index', async () => {
    const explain = await t
      .get(AppointmentAnalyticsRepository)
      .explainPlatform(new Date('2026-02-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z'), 'UTC');
    const stages = winningPlanStages(explain);
    expect(stages.map((s) => s.stage)).not.toContain('COLLSCAN');
    const scans = stages.filter((s) => s.stage === 'IXSCAN');
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) {
      const keys = Object.keys((scan as { keyPattern?: Record<string, number> }).keyPattern ?? {});
      expect(keys).toContain('startsAt');
    }
  });
});
