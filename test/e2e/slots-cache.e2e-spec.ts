import { Types } from 'mongoose';
import {
  adminEnv,
  aroundTheClock,
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
import { SchedulesRepository } from '../../src/modules/availability/schedules.repository';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type {
  CompactSlotsResponseDto,
  SlotsResponseDto,
} from '../../src/modules/availability/dto/slots-response.dto';

/**
 * The slots cache across two app instances over one database, as behind a load balancer:
 * instance A answers the slots (and caches them), every change goes through instance B, and A
 * must show it on the very next request. All state comes from the public API.
 */
describe('slots cache across instances (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let doctor: Account;
  let patient: Account;
  /** How often A computed slots: a computation reads the schedule, an answer from memory not. */
  let computationsOnA: jest.SpyInstance;

  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const range = () => `from=${day(0)}&to=${day(3)}`;

  async function slotsOn(app: TestApp): Promise<SlotsResponseDto> {
    const res = await app.http.get(`${API}/doctors/${doctor.id}/slots?${range()}`).expect(200);
    return dataOf<SlotsResponseDto>(res);
  }

  function availabilityOf(slots: SlotsResponseDto, at: Date): boolean | undefined {
    return slots.days.flatMap((d) => d.slots).find((s) => s.start === at.toISOString())?.available;
  }

  beforeAll(async () => {
    const { email, env } = adminEnv();
    a = await createTestApp({ env });
    b = await createTestApp({ env, mongodbUri: a.config.MONGODB_URI });
    const admin = await login(a, email);
    doctor = await createBookableDoctor(a, admin);
    patient = await registerPatient(a);
    computationsOnA = jest.spyOn(a.app.get(SchedulesRepository), 'findByDoctor');
  }, 60_000);

  afterAll(async () => {
    await b.close({ dropDatabase: false });
    await a.close();
  });

  it('answers a repeated request from memory, and a booking on the other instance at once', async () => {
    const slot = slotAfter(5);
    computationsOnA.mockClear();
    const first = await slotsOn(a);
    expect(availabilityOf(first, slot)).toBe(true);
    const again = await slotsOn(a);
    expect(again).toEqual(first);
    expect(computationsOnA).toHaveBeenCalledTimes(1);

    const booked = await bookRequest(b, patient, doctor.id, slot).expect(201);
    const appointment = dataOf<AppointmentResponseDto>(booked);
    expect(availabilityOf(await slotsOn(a), slot)).toBe(false);
    expect(computationsOnA).toHaveBeenCalledTimes(2);
    // ...and that answer is reused in turn.
    await slotsOn(a);
    expect(computationsOnA).toHaveBeenCalledTimes(2);

    // Rescheduled on B: the old time is free on A, the new one taken.
    const later = slotAfter(8);
    await b.http
      .post(`${API}/appointments/${appointment.id}/reschedule`)
      .set(bearer(patient.accessToken))
      .send({ startsAt: later.toISOString() })
      .expect(200);
    let seen = await slotsOn(a);
    expect(availabilityOf(seen, slot)).toBe(true);
    expect(availabilityOf(seen, later)).toBe(false);

    // Cancelled on B: free again on A.
    await b.http
      .post(`${API}/appointments/${appointment.id}/cancel`)
      .set(bearer(patient.accessToken))
      .send({ reason: 'Changed plans' })
      .expect(200);
    seen = await slotsOn(a);
    expect(availabilityOf(seen, later)).toBe(true);
  });

  it('sends a served answer as the same JSON bytes, type and ETag as a computed one (304 on a match)', async () => {
    // A range no other test asks for, so the first request computes.
    const url = `${API}/doctors/${doctor.id}/slots?from=${day(1)}&to=${day(2)}`;
    computationsOnA.mockClear();
    const computed = await a.http.get(url).expect(200);
    const served = await a.http.get(url).expect(200);
    expect(computationsOnA).toHaveBeenCalledTimes(1);
    for (const res of [computed, served]) {
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['cache-control']).toMatch(/max-age=5/);
      expect(res.body).toMatchObject({ success: true, message: 'Slots' });
    }
    expect(served.text).toBe(computed.text);
    expect(served.headers.etag).toMatch(/^W\/"/);
    expect(served.headers.etag).toBe(computed.headers.etag);
    expect(Number(served.headers['content-length'])).toBe(Buffer.byteLength(served.text));
    // What a client with the answer cached sends back.
    await a.http.get(url).set('If-None-Match', served.headers.etag).expect(304);
    // The other instance computes the same answer: the same bytes and ETag.
    const elsewhere = await b.http.get(url).expect(200);
    expect(elsewhere.headers.etag).toBe(served.headers.etag);
  });

  it('shows taken time that nothing announced (written straight to the database) at once', async () => {
    const slot = slotAfter(14);
    expect(availabilityOf(await slotsOn(a), slot)).toBe(true);
    expect(availabilityOf(await slotsOn(a), slot)).toBe(true); // from memory now
    // What another version of the app, a script or a restore might write: no endpoint, no
    // signal to any cache. The cache compares the taken time itself, so it cannot miss it.
    const appointments = a.connection.collection('appointments');
    const { insertedId } = await appointments.insertOne({
      doctorId: new Types.ObjectId(doctor.id),
      patientId: new Types.ObjectId(patient.id),
      startsAt: slot,
      endsAt: new Date(slot.getTime() + 30 * 60_000),
      status: 'confirmed',
      active: true,
    });
    expect(availabilityOf(await slotsOn(a), slot)).toBe(false);
    await appointments.deleteOne({ _id: insertedId });
    expect(availabilityOf(await slotsOn(a), slot)).toBe(true);
  });

  it('bookings racing on B while A keeps answering: once all are answered, A shows each taken', async () => {
    const patients = await Promise.all(
      Array.from({ length: 6 }, (_, i) => registerPatient(b, `Racer ${i}`)),
    );
    const slots = patients.map((_, i) => slotAfter(40 + i));
    let reading = true;
    const reads = (async () => {
      let n = 0;
      while (reading) {
        await slotsOn(a);
        n++;
      }
      return n;
    })();
    const statuses = await Promise.all(
      patients.map(async (p, i) => (await bookRequest(b, p, doctor.id, slots[i])).status),
    );
    reading = false;
    expect(await reads).toBeGreaterThan(0);
    expect(statuses).toEqual(patients.map(() => 201));
    const seen = await slotsOn(a);
    expect(slots.map((at) => availabilityOf(seen, at))).toEqual(slots.map(() => false));
  });

  it('shows a schedule change, a day off and a stopped practice made on the other instance', async () => {
    const slot = slotAfter(30);
    expect(availabilityOf(await slotsOn(a), slot)).toBe(true);

    // A day off on the slot's date, set on B.
    const date = slot.toISOString().slice(0, 10);
    await b.http
      .put(`${API}/doctors/me/schedule/overrides/${date}`)
      .set(bearer(doctor.accessToken))
      .send({ intervals: [], reason: 'Conference' })
      .expect(200);
    let seen = await slotsOn(a);
    expect(seen.days.find((d) => d.date === date)?.slots).toEqual([]);
    await b.http
      .delete(`${API}/doctors/me/schedule/overrides/${date}`)
      .set(bearer(doctor.accessToken))
      .expect(200);
    expect(availabilityOf(await slotsOn(a), slot)).toBe(true);

    // Hourly slots instead of half-hourly, set on B.
    await b.http
      .put(`${API}/doctors/me/schedule`)
      .set(bearer(doctor.accessToken))
      .send(aroundTheClock(60))
      .expect(200);
    seen = await slotsOn(a);
    expect(seen.slotMinutes).toBe(60);

    // No longer accepting appointments, set on B: A answers 404 at once.
    await b.http
      .patch(`${API}/doctors/me`)
      .set(bearer(doctor.accessToken))
      .send({ acceptingAppointments: false })
      .expect(200);
    const gone = await a.http.get(`${API}/doctors/${doctor.id}/slots?${range()}`).expect(404);
    expect(errorOf(gone).code).toBe('DOCTOR_NOT_FOUND');
    await b.http
      .patch(`${API}/doctors/me`)
      .set(bearer(doctor.accessToken))
      .send({ acceptingAppointments: true })
      .expect(200);
    expect((await slotsOn(a)).slotMinutes).toBe(60);
  });

  it('keeps the compact form apart from the full one and as fresh', async () => {
    // On the hour: the previous test left the doctor with hourly slots.
    const slot = new Date(Math.ceil(slotAfter(12).getTime() / 3_600_000) * 3_600_000);
    const compact = async () =>
      dataOf<CompactSlotsResponseDto>(
        await a.http.get(`${API}/doctors/${doctor.id}/slots/compact?${range()}`).expect(200),
      );
    const before = await compact();
    expect(before.days[0]).toHaveProperty('starts');
    const full = await slotsOn(a);
    expect(full.days[0].slots[0]).toHaveProperty('localStart');
    await bookRequest(b, patient, doctor.id, slot).expect(201);
    const after = await compact();
    const taken = after.days.reduce((n, d) => n + d.available.filter((x) => !x).length, 0);
    const takenBefore = before.days.reduce((n, d) => n + d.available.filter((x) => !x).length, 0);
    expect(taken).toBe(takenBefore + 1);
  });
});
