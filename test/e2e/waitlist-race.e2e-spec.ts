import { HoldReleaseJob } from '../../src/modules/jobs/hold-release.job';
import { WaitlistRepository } from '../../src/modules/waitlist/waitlist.repository';
import { winningPlanStages } from '../utils/explain';
import {
  adminEnv,
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
import { drainOutbox } from '../utils/outbox';
import { UNLIMITED, createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, pageOf } from '../utils/responses';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type { WaitlistCountDto } from '../../src/modules/waitlist/dto/waitlist.dto';

const WAITERS = 50;
const MINUTE = 60_000;

/**
 * One freed slot and 50 waiting patients, with the outbox drained by two app instances at once:
 * exactly one hold at a time, passed down the line in join order as holds lapse.
 */
describe('waitlist races across two instances (e2e)', () => {
  let t: TestApp;
  let second: TestApp;
  let doctor: Account;
  let waiters: Account[];

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env });
    second = await createTestApp({
      env: { ...env, ...UNLIMITED },
      mongodbUri: t.config.MONGODB_URI,
    });
    const admin = await login(t, email);
    doctor = await createBookableDoctor(t, admin);
    waiters = await inBatches(WAITERS, (i) => registerPatient(t, `Waiter ${i}`));
  }, 120_000);

  afterAll(async () => {
    await second.close({ dropDatabase: false });
    await t.close();
  });

  const drainBoth = async (): Promise<void> => {
    for (let round = 0; round < 3; round++) {
      await Promise.all([drainOutbox(t), drainOutbox(second)]);
    }
  };

  const pendingAt = async (slot: Date): Promise<Array<{ id: string; patientId: string }>> => {
    const res = await t.http
      .get(`${API}/appointments`)
      .query({ limit: 100 })
      .set(bearer(doctor.accessToken))
      .expect(200);
    return pageOf<AppointmentResponseDto>(res).items.filter(
      (a: { startsAt: string; status: string }) =>
        a.startsAt === slot.toISOString() && a.status === 'pending',
    );
  };

  it('gives one freed slot to exactly one waiter, then down the line as holds lapse', async () => {
    const slot = slotAfter(5);
    const booker = await registerPatient(t, 'Booker');
    const booked = dataOf<AppointmentResponseDto>(
      await bookRequest(t, booker, doctor.id, slot).expect(201),
    );
    const day = slot.toISOString().slice(0, 10);
    // Sequential joins, so the line order is the index order.
    for (const w of waiters) {
      await t.http
        .post(`${API}/doctors/${doctor.id}/waitlist`)
        .set(bearer(w.accessToken))
        .send({ from: day, to: day })
        .expect(201);
    }
    const count = await second.http
      .get(`${API}/doctors/me/waitlist/count`)
      .set(bearer(doctor.accessToken))
      .expect(200);
    expect(dataOf<WaitlistCountDto>(count).count).toBe(WAITERS);
    await drainBoth();

    await t.http
      .post(`${API}/appointments/${booked.id}/cancel`)
      .set(bearer(booker.accessToken))
      .send({})
      .expect(200);
    await drainBoth();

    let held = await pendingAt(slot);
    expect(held).toHaveLength(1);
    expect(held[0].patientId).toBe(waiters[0].id);

    let later = Date.now();
    for (let next = 1; next <= 3; next++) {
      later += 16 * MINUTE;
      await Promise.all([
        t.get(HoldReleaseJob).run(new Date(later)),
        second.get(HoldReleaseJob).run(new Date(later)),
      ]);
      await drainBoth();
      held = await pendingAt(slot);
      expect(held).toHaveLength(1);
      expect(held[0].patientId).toBe(waiters[next].id);
    }
    const after = await t.http
      .get(`${API}/doctors/me/waitlist/count`)
      .set(bearer(doctor.accessToken))
      .expect(200);
    expect(dataOf<WaitlistCountDto>(after).count).toBe(WAITERS - 4);
  }, 120_000);

  it('reads the line of a freed slot off the {doctorId, status, joinedAt} index, unsorted', async () => {
    const stages = winningPlanStages(
      await t
        .get(WaitlistRepository)
        .waitingForQuery(doctor.id, new Date().toISOString().slice(0, 10), 500)
        .explain('queryPlanner'),
    );
    const names = stages.map((st) => st.stage);
    expect(names).toContain('IXSCAN');
    expect(names).not.toContain('SORT');
    expect(names).not.toContain('COLLSCAN');
  });
});
