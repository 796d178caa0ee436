import { HoldReleaseJob } from '../../src/modules/jobs/hold-release.job';
import { WaitlistService } from '../../src/modules/waitlist/waitlist.service';
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
import { drainOutbox } from '../utils/outbox';
import { createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type {
  WaitlistCountDto,
  WaitlistEntryDto,
} from '../../src/modules/waitlist/dto/waitlist.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type { NotificationDto } from '../../src/modules/notifications/dto/notification.dto';

const MINUTE = 60_000;
const day = (at: Date): string => at.toISOString().slice(0, 10);

/** The waitlist, state set up through the public API (doctors in UTC, round-the-clock hours). */
describe('waitlist (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let doctor: Account;

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env });
    admin = await login(t, email);
    doctor = await createBookableDoctor(t, admin);
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  const join = (who: Account, doctorId: string, body: Record<string, unknown>) =>
    t.http.post(`${API}/doctors/${doctorId}/waitlist`).set(bearer(who.accessToken)).send(body);
  const mine = async (who: Account) =>
    dataOf<WaitlistEntryDto[]>(
      await t.http.get(`${API}/waitlist/me`).set(bearer(who.accessToken)).expect(200),
    );
  const myAppointments = async (who: Account) =>
    pageOf<AppointmentResponseDto>(
      await t.http.get(`${API}/appointments`).set(bearer(who.accessToken)).expect(200),
    ).items;
  const cancel = (who: Account, id: string) =>
    t.http
      .post(`${API}/appointments/${id}/cancel`)
      .set(bearer(who.accessToken))
      .send({})
      .expect(200);

  it('joins, lists and leaves; a doctor sees the count', async () => {
    const patient = await registerPatient(t);
    const today = day(new Date());
    const res = await join(patient, doctor.id, {
      from: today,
      to: today,
      earliestTime: '09:00',
      latestTime: '17:30',
    }).expect(201);
    expect(dataOf<WaitlistEntryDto>(res)).toMatchObject({
      doctorId: doctor.id,
      from: today,
      to: today,
      earliestTime: '09:00',
      latestTime: '17:30',
      status: 'waiting',
      offer: null,
    });
    const id = dataOf<WaitlistEntryDto>(res).id;
    expect((await mine(patient)).map((e: { id: string }) => e.id)).toEqual([id]);
    const count = await t.http
      .get(`${API}/doctors/me/waitlist/count`)
      .set(bearer(doctor.accessToken))
      .expect(200);
    expect(dataOf<WaitlistCountDto>(count).count).toBeGreaterThanOrEqual(1);

    const left = await t.http
      .delete(`${API}/waitlist/${id}`)
      .set(bearer(patient.accessToken))
      .expect(200);
    expect(dataOf<WaitlistEntryDto>(left).status).toBe('left');
    const again = await t.http
      .delete(`${API}/waitlist/${id}`)
      .set(bearer(patient.accessToken))
      .expect(404);
    expect(errorOf(again).code).toBe('WAITLIST_ENTRY_NOT_FOUND');
    // Someone else's entry is not found either.
    const other = await registerPatient(t);
    const theirs = dataOf<WaitlistEntryDto>(
      await join(other, doctor.id, { from: today, to: today }).expect(201),
    );
    const notMine = await t.http
      .delete(`${API}/waitlist/${theirs.id}`)
      .set(bearer(patient.accessToken))
      .expect(404);
    expect(errorOf(notMine).code).toBe('WAITLIST_ENTRY_NOT_FOUND');
  });

  it('allows at most 3 waiting entries, also under 4 concurrent joins', async () => {
    const patient = await registerPatient(t);
    const today = day(new Date());
    const answers = await Promise.all(
      [0, 1, 2, 3].map(() => join(patient, doctor.id, { from: today, to: today })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409]);
    expect(errorOf(answers.find((r) => r.status === 409)!).code).toBe('WAITLIST_LIMIT_REACHED');
    const entries = await mine(patient);
    expect(entries).toHaveLength(3);
    // Leaving one frees a place.
    await t.http
      .delete(`${API}/waitlist/${entries[0].id}`)
      .set(bearer(patient.accessToken))
      .expect(200);
    await join(patient, doctor.id, { from: today, to: today }).expect(201);
  });

  it('stops counting entries whose dates are over (limit and doctor count)', async () => {
    const other = await createBookableDoctor(t, admin);
    const patient = await registerPatient(t);
    const past = new Date(Date.now() - 10 * 24 * 60 * MINUTE);
    // Joined ten days ago for that day (what the API accepted then).
    for (let i = 0; i < 3; i++) {
      await t
        .get(WaitlistService)
        .join(patient.id, other.id, { from: day(past), to: day(past) }, past);
    }
    const count = async () =>
      dataOf<WaitlistCountDto>(
        await t.http
          .get(`${API}/doctors/me/waitlist/count`)
          .set(bearer(other.accessToken))
          .expect(200),
      ).count;
    expect(await count()).toBe(0);
    const today = day(new Date());
    await join(patient, other.id, { from: today, to: today }).expect(201);
    expect(await count()).toBe(1);
    const statuses = (await mine(patient)).map((e: { status: string }) => e.status).sort();
    expect(statuses).toEqual(['expired', 'expired', 'expired', 'waiting']);
  });

  it('validates input, ids, auth and roles', async () => {
    const patient = await registerPatient(t);
    const today = day(new Date());
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ from: '2026-02-30', to: '2026-03-01' }, 400, 'INVALID_DATE_RANGE'],
      [{ from: '2030-01-02', to: '2030-01-01' }, 400, 'INVALID_DATE_RANGE'],
      [{ from: '2020-01-01', to: '2020-01-02' }, 400, 'INVALID_DATE_RANGE'],
      [{ from: 'tomorrow', to: today }, 400, 'VALIDATION_FAILED'],
      [{ from: today, to: today, earliestTime: '25:00' }, 400, 'VALIDATION_FAILED'],
      [
        { from: today, to: today, earliestTime: '12:00', latestTime: '11:00' },
        400,
        'WAITLIST_INVALID_TIME_WINDOW',
      ],
      [{ from: today, to: today, extra: 1 }, 400, 'VALIDATION_FAILED'],
      [{ from: { $gt: '' }, to: today }, 400, 'FORBIDDEN_KEY'],
      [{ to: today }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await join(patient, doctor.id, body);
      expect({ body, status: res.status, code: errorOf(res).code }).toEqual({ body, status, code });
    }
    const badId = await join(patient, 'not-an-id', { from: today, to: today }).expect(400);
    expect(errorOf(badId).code).toBe('INVALID_ID');
    const unknown = await join(patient, '0123456789abcdef01234567', {
      from: today,
      to: today,
    }).expect(404);
    expect(errorOf(unknown).code).toBe('DOCTOR_NOT_FOUND');
    const badLeave = await t.http
      .delete(`${API}/waitlist/nope`)
      .set(bearer(patient.accessToken))
      .expect(400);
    expect(errorOf(badLeave).code).toBe('INVALID_ID');
    await t.http
      .post(`${API}/doctors/${doctor.id}/waitlist`)
      .send({ from: today, to: today })
      .expect(401);
    await t.http.get(`${API}/waitlist/me`).expect(401);
    const asDoctor = await join(doctor, doctor.id, { from: today, to: today }).expect(403);
    expect(errorOf(asDoctor).code).toBeDefined();
    await t.http
      .get(`${API}/doctors/me/waitlist/count`)
      .set(bearer(patient.accessToken))
      .expect(403);
  });

  it('gives a freed slot to the first in line as a hold, then to the next when it lapses', async () => {
    const other = await createBookableDoctor(t, admin);
    const slot = slotAfter(5);
    const booker = await registerPatient(t, 'Booker');
    const booked = dataOf<AppointmentResponseDto>(
      await bookRequest(t, booker, other.id, slot).expect(201),
    );
    await drainOutbox(t);

    const first = await registerPatient(t, 'First');
    const busy = await registerPatient(t, 'Busy elsewhere');
    const third = await registerPatient(t, 'Third');
    const range = { from: day(slot), to: day(slot) };
    const firstEntry = dataOf<WaitlistEntryDto>(await join(first, other.id, range).expect(201));
    await join(busy, other.id, range).expect(201);
    await join(third, other.id, range).expect(201);
    // "busy" has an appointment with another doctor at that time: skipped.
    await bookRequest(t, busy, doctor.id, slot).expect(201);
    await drainOutbox(t);

    await cancel(booker, booked.id);
    await drainOutbox(t);
    await drainOutbox(t);

    const held = (await myAppointments(first)).filter(
      (a: { startsAt: string }) => a.startsAt === slot.toISOString(),
    );
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ status: 'pending', doctorId: other.id });
    expect(held[0].holdExpiresAt).not.toBeNull();
    const entry = (await mine(first)).find((e: { id: string }) => e.id === firstEntry.id);
    expect(entry!.status).toBe('offered');
    expect(entry!.offer!.appointmentId).toBe(held[0].id);
    const inbox = await t.http.get(`${API}/notifications`).set(bearer(first.accessToken));
    expect(
      pageOf<NotificationDto>(inbox).items.filter(
        (n: { type: string }) => n.type === 'waitlist_offer',
      ),
    ).toHaveLength(1);
    // The slot is no longer free: a direct booking is refused.
    const taken = await bookRequest(t, third, other.id, slot).expect(409);
    expect(errorOf(taken).code).toBe('SLOT_TAKEN');

    // The hold lapses: the next in line who is free then gets it ("busy" is skipped).
    await t.get(HoldReleaseJob).run(new Date(Date.now() + 16 * MINUTE));
    await drainOutbox(t);
    await drainOutbox(t);
    const thirdHolds = (await myAppointments(third)).filter(
      (a: { startsAt: string; status: string }) =>
        a.startsAt === slot.toISOString() && a.status === 'pending',
    );
    expect(thirdHolds).toHaveLength(1);
    const busyHolds = (await myAppointments(busy)).filter(
      (a: { doctorId: string }) => a.doctorId === other.id,
    );
    expect(busyHolds).toHaveLength(0);

    // Accepting (clinic mode) confirms it; only the offered patient may.
    const notTheirs = await t.http
      .post(`${API}/appointments/${thirdHolds[0].id}/accept`)
      .set(bearer(first.accessToken))
      .expect(404);
    expect(errorOf(notTheirs).code).toBe('WAITLIST_OFFER_NOT_FOUND');
    const accepted = await t.http
      .post(`${API}/appointments/${thirdHolds[0].id}/accept`)
      .set(bearer(third.accessToken))
      .expect(200);
    expect(dataOf<AppointmentResponseDto>(accepted).status).toBe('confirmed');
    const twice = await t.http
      .post(`${API}/appointments/${thirdHolds[0].id}/accept`)
      .set(bearer(third.accessToken))
      .expect(409);
    expect(errorOf(twice).code).toBe('WAITLIST_OFFER_NOT_OPEN');
  });

  it('offers the old time of a booking rescheduled away, only to a waiter whose window fits', async () => {
    const other = await createBookableDoctor(t, admin);
    const slot = slotAfter(7);
    const booker = await registerPatient(t);
    const booked = dataOf<AppointmentResponseDto>(
      await bookRequest(t, booker, other.id, slot).expect(201),
    );
    const hhmm = slot.toISOString().slice(11, 16);
    const outside = await registerPatient(t);
    const inside = await registerPatient(t);
    await join(outside, other.id, {
      from: day(slot),
      to: day(slot),
      earliestTime: hhmm === '23:30' ? '00:00' : '23:30',
      latestTime: hhmm === '23:30' ? '00:30' : '23:59',
    }).expect(201);
    await join(inside, other.id, {
      from: day(slot),
      to: day(slot),
      earliestTime: hhmm,
      latestTime: hhmm,
    }).expect(201);
    await t.http
      .post(`${API}/appointments/${booked.id}/reschedule`)
      .set(bearer(booker.accessToken))
      .send({ startsAt: new Date(slot.getTime() + 24 * 60 * MINUTE).toISOString() })
      .expect(200);
    await drainOutbox(t);
    await drainOutbox(t);
    const got = (await myAppointments(inside)).filter(
      (x: { startsAt: string }) => x.startsAt === slot.toISOString(),
    );
    expect(got).toHaveLength(1);
    expect(got[0].status).toBe('pending');
    expect(await myAppointments(outside)).toHaveLength(0);
  });

  it('offers hours a doctor opens with an override to the waiting line, one slot per waiter', async () => {
    const other = await createBookableDoctor(t, admin);
    // A date three days ahead, closed by an override, then opened for one hour.
    const date = day(new Date(Date.now() + 3 * 24 * 60 * MINUTE));
    const override = (intervals: Array<{ start: string; end: string }>) =>
      t.http
        .put(`${API}/doctors/me/schedule/overrides/${date}`)
        .set(bearer(other.accessToken))
        .send({ intervals });
    await override([]).expect(200);
    const first = await registerPatient(t);
    const second = await registerPatient(t);
    const third = await registerPatient(t);
    for (const p of [first, second, third]) {
      await join(p, other.id, { from: date, to: date }).expect(201);
    }
    await drainOutbox(t);
    await override([{ start: '10:00', end: '11:00' }]).expect(200);
    await drainOutbox(t);
    await drainOutbox(t);
    const held = async (p: Account) =>
      (await myAppointments(p)).filter(
        (a: { doctorId: string; status: string }) =>
          a.doctorId === other.id && a.status === 'pending',
      );
    expect((await held(first)).map((a: { startsAt: string }) => a.startsAt)).toEqual([
      `${date}T10:00:00.000Z`,
    ]);
    expect((await held(second)).map((a: { startsAt: string }) => a.startsAt)).toEqual([
      `${date}T10:30:00.000Z`,
    ]);
    expect(await held(third)).toHaveLength(0);
    // Delivered again (another instance, a retry): nothing more.
    await drainOutbox(t);
    expect(await held(third)).toHaveLength(0);
  });

  it('passes a declined hold (cancelled by the patient) to the next in line', async () => {
    const other = await createBookableDoctor(t, admin);
    const slot = slotAfter(6);
    const booker = await registerPatient(t);
    const booked = dataOf<AppointmentResponseDto>(
      await bookRequest(t, booker, other.id, slot).expect(201),
    );
    const a = await registerPatient(t);
    const b = await registerPatient(t);
    const range = { from: day(slot), to: day(slot) };
    await join(a, other.id, range).expect(201);
    await join(b, other.id, range).expect(201);
    await cancel(booker, booked.id);
    await drainOutbox(t);
    const hold = (await myAppointments(a)).find(
      (x: { startsAt: string }) => x.startsAt === slot.toISOString(),
    );
    expect(hold!.status).toBe('pending');
    await cancel(a, hold!.id);
    await drainOutbox(t);
    const next = (await myAppointments(b)).filter(
      (x: { startsAt: string; status: string }) =>
        x.startsAt === slot.toISOString() && x.status === 'pending',
    );
    expect(next).toHaveLength(1);
  });
});

describe('waitlist in online payment mode (e2e)', () => {
  let t: TestApp;
  let doctor: Account;

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env: { ...env, PAYMENT_MODE: 'online', HOLD_MINUTES: '15' } });
    const admin = await login(t, email);
    doctor = await createBookableDoctor(t, admin);
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it("gives a released hold's slot to the waiter as a hold, accepted by paying", async () => {
    const slot = slotAfter(5);
    const booker = await registerPatient(t);
    const booked = dataOf<AppointmentResponseDto>(
      await bookRequest(t, booker, doctor.id, slot).expect(201),
    );
    expect(booked.status).toBe('pending');
    const waiter = await registerPatient(t);
    await t.http
      .post(`${API}/doctors/${doctor.id}/waitlist`)
      .set(bearer(waiter.accessToken))
      .send({ from: day(slot), to: day(slot) })
      .expect(201);
    await drainOutbox(t);

    // The booker never pays: the hold-release job frees the slot.
    await t.get(HoldReleaseJob).run(new Date(Date.now() + 16 * MINUTE));
    await drainOutbox(t);
    await drainOutbox(t);

    const mine = await t.http.get(`${API}/appointments`).set(bearer(waiter.accessToken));
    const held = pageOf<AppointmentResponseDto>(mine).items.filter(
      (a: { startsAt: string }) => a.startsAt === slot.toISOString(),
    );
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ status: 'pending', paymentState: 'unpaid' });
    const accept = await t.http
      .post(`${API}/appointments/${held[0].id}/accept`)
      .set(bearer(waiter.accessToken))
      .expect(422);
    expect(errorOf(accept).code).toBe('WAITLIST_PAYMENT_REQUIRED');
  });
});
