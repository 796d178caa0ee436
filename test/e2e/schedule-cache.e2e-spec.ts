import {
  adminEnv,
  aroundTheClock,
  API,
  bearer,
  bookRequest,
  createBookableDoctor,
  inBatches,
  login,
  registerPatient,
  slotAfter,
  type Account,
} from '../utils/api-journeys';
import { createTestApp, type TestApp } from '../utils/test-app';
import { errorOf } from '../utils/responses';
import { SchedulesRepository } from '../../src/modules/availability/schedules.repository';

/**
 * Booking's copy of the schedule across two app instances over one database: instance A books
 * (and keeps the doctor's schedule in memory), every change of the hours goes through instance
 * B, and A's very next booking must follow it. All state comes from the public API.
 */
describe('booking schedule cache across instances (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let doctor: Account;
  let patients: Account[];
  let scheduleReadsOnA: jest.SpyInstance;
  let next = 0;
  const patient = () => patients[next++];

  /** 10:00 UTC (or `hour`) of the date `hours` ahead: slots of one date, well past the notice. */
  const onDateAfter = (hours: number, hour = 10) => {
    const at = slotAfter(hours);
    at.setUTCHours(hour, 0, 0, 0);
    return at;
  };

  const override = (date: string, intervals: Array<{ start: string; end: string }>) =>
    b.http
      .put(`${API}/doctors/me/schedule/overrides/${date}`)
      .set(bearer(doctor.accessToken))
      .send({ intervals, reason: 'Changed hours' })
      .expect(200);

  beforeAll(async () => {
    const { email, env } = adminEnv();
    a = await createTestApp({ env: { ...env, PAYMENT_MODE: 'clinic' } });
    b = await createTestApp({
      env: { ...env, PAYMENT_MODE: 'clinic' },
      mongodbUri: a.config.MONGODB_URI,
    });
    const admin = await login(a, email);
    doctor = await createBookableDoctor(a, admin);
    patients = await inBatches(12, (i) => registerPatient(a, `Patient ${i}`));
    scheduleReadsOnA = jest.spyOn(a.app.get(SchedulesRepository), 'findByDoctor');
  }, 60_000);

  afterAll(async () => {
    await b.close({ dropDatabase: false });
    await a.close();
  });

  it('books from memory while the schedule is unchanged', async () => {
    const slot = onDateAfter(48);
    scheduleReadsOnA.mockClear();
    await bookRequest(a, patient(), doctor.id, slot).expect(201);
    // Another slot on the same date: the schedule is not read again.
    await bookRequest(a, patient(), doctor.id, new Date(slot.getTime() + 3_600_000)).expect(201);
    expect(scheduleReadsOnA).toHaveBeenCalledTimes(1);
  });

  it('follows a day off, new hours and a removed day off set on the other instance', async () => {
    const slot = onDateAfter(72);
    const date = slot.toISOString().slice(0, 10);
    await bookRequest(a, patient(), doctor.id, new Date(slot.getTime() - 3_600_000)).expect(201);
    scheduleReadsOnA.mockClear();

    // A day off on B: A refuses the slot at once.
    await override(date, []);
    const refused = await bookRequest(a, patient(), doctor.id, slot).expect(422);
    expect(errorOf(refused).code).toBe('SLOT_NOT_OFFERED');
    expect(errorOf(refused).details).toMatchObject({ reason: 'not_a_slot' });
    expect(scheduleReadsOnA).toHaveBeenCalledTimes(1);

    // Hours reopened on B for that date: A books.
    await override(date, [{ start: '00:00', end: '24:00' }]);
    await bookRequest(a, patient(), doctor.id, slot).expect(201);

    // Day off again, then removed on B: A follows both.
    const later = new Date(slot.getTime() + 3_600_000);
    await override(date, []);
    expect(errorOf(await bookRequest(a, patient(), doctor.id, later).expect(422)).code).toBe(
      'SLOT_NOT_OFFERED',
    );
    await b.http
      .delete(`${API}/doctors/me/schedule/overrides/${date}`)
      .set(bearer(doctor.accessToken))
      .expect(200);
    await bookRequest(a, patient(), doctor.id, later).expect(201);
  });

  it('follows a new weekly schedule set on the other instance', async () => {
    // Half-hourly: :30 is a slot. Hourly on B: it no longer is, on A at once.
    const onTheHour = slotAfter(96);
    onTheHour.setUTCMinutes(0, 0, 0);
    const halfPast = new Date(onTheHour.getTime() + 30 * 60_000);
    await bookRequest(a, patient(), doctor.id, new Date(onTheHour.getTime() - 3_600_000)).expect(
      201,
    );
    await b.http
      .put(`${API}/doctors/me/schedule`)
      .set(bearer(doctor.accessToken))
      .send(aroundTheClock(60))
      .expect(200);
    const refused = await bookRequest(a, patient(), doctor.id, halfPast).expect(422);
    expect(errorOf(refused).code).toBe('SLOT_NOT_OFFERED');
    await bookRequest(a, patient(), doctor.id, onTheHour).expect(201);
  });
});
