import { Types } from 'mongoose';
import { Role } from '../../src/common/auth/role.enum';
import type { AppointmentNoShowEvent } from '../../src/modules/appointments/appointments.events';
import { TransactionRunner } from '../../src/database/transaction-runner';
import {
  OutboxService,
  type OutboxHandler,
  type OutboxHandlerContext,
} from '../../src/modules/outbox/outbox.service';
import { AccountPurgeJob } from '../../src/modules/jobs/account-purge.job';
import { OUTBOX_RELAY_JOB, OutboxRelayJob } from '../../src/modules/jobs/outbox-relay.job';
import { book, createBookableDoctor, slotAfter } from '../factories/appointments.factory';
import { createAdmin, type TestDoctor } from '../factories/doctors.factory';
import {
  bearer,
  createUserWithRole,
  login,
  registerPatient,
  type TestUser,
} from '../factories/users.factory';
import { drainOutbox, recordOutboxEvents, type RecordedEvent } from '../utils/outbox';
import { createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type { OutboxDeliveryDto } from '../../src/modules/outbox/dto/outbox-delivery.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type { PublicDoctorDto } from '../../src/modules/doctors/dto/doctor-response.dto';

// The tests publish a real event name with a made-up payload; each test's handlers act only on
// the events tagged with that test's id, so the handlers of one test ignore the others' events.
const EVENT = 'appointment.no_show';
const SECOND = 1000;

interface Effect {
  _id: string;
  n: number;
}

interface DeliveryBody {
  id: string;
  eventId: string;
  event: string;
  handler: string;
  status: string;
  attempts: number;
  lastError: string | null;
  payload: { appointmentId: string } | null;
}

function payload(tag: string): AppointmentNoShowEvent {
  const now = new Date();
  return {
    appointmentId: tag,
    patientId: new Types.ObjectId().toHexString(),
    doctorId: new Types.ObjectId().toHexString(),
    startsAt: now,
    endsAt: now,
    status: 'no_show' as AppointmentNoShowEvent['status'],
    patientName: 'P',
    doctorName: 'D',
    timezone: 'UTC',
    by: { role: 'doctor', userId: null },
  };
}

const later = (ms: number) => new Date(Date.now() + ms);

describe('outbox (e2e)', () => {
  let t: TestApp;
  let outbox: OutboxService;
  let admin: TestUser;
  const effects = (app: TestApp = t) => app.connection.collection<Effect>('outbox_test_effects');
  const deliveries = () => t.connection.collection('outbox_deliveries');
  const events = () => t.connection.collection('outbox_events');
  const deliveryOf = (handler: string) =>
    deliveries().findOne({ status: { $in: ['pending', 'done', 'dead'] }, handler });

  /** A handler of EVENT that runs `fn` for events tagged `tag` and ignores the rest. */
  function on(
    svc: OutboxService,
    tag: string,
    name: string,
    fn: (ctx: OutboxHandlerContext) => Promise<void>,
  ): void {
    const handler: OutboxHandler<typeof EVENT> = async (p, ctx) => {
      if (p.appointmentId === tag) {
        await fn(ctx);
      }
    };
    svc.subscribe(EVENT, name, handler);
  }

  /** The effect a handler applies: +1 on the tag's counter, in the delivery's transaction. */
  const countIn = async (app: TestApp, tag: string, ctx: OutboxHandlerContext) => {
    await effects(app).updateOne(
      { _id: tag },
      { $inc: { n: 1 } },
      { upsert: true, session: ctx.session },
    );
  };

  const countOf = async (tag: string) => (await effects().findOne({ _id: tag }))?.n ?? 0;

  const publish = (app: TestApp, tag: string) =>
    app
      .get(TransactionRunner)
      .run((session) => app.get(OutboxService).publish(session, EVENT, payload(tag)));

  beforeAll(async () => {
    t = await createTestApp({ env: { OUTBOX_MAX_ATTEMPTS: '3' } });
    outbox = t.get(OutboxService);
    admin = await createUserWithRole(t, Role.Admin);
  });
  afterAll(() => t.close());

  it('writes the event in the transaction of the change: an aborted change has no event', async () => {
    const kept = new Types.ObjectId().toHexString();
    const aborted = new Types.ObjectId().toHexString();
    on(outbox, kept, 'test.atomic-kept', (ctx) => countIn(t, kept, ctx));
    on(outbox, aborted, 'test.atomic-aborted', (ctx) => countIn(t, aborted, ctx));

    await t
      .get(TransactionRunner)
      .run((session) => outbox.publish(session, EVENT, payload(kept), { key: kept }));
    await expect(
      t.get(TransactionRunner).run(async (session) => {
        await outbox.publish(session, EVENT, payload(aborted), { key: aborted });
        throw new Error('the change fails after publishing');
      }),
    ).rejects.toThrow('the change fails after publishing');

    expect(await events().countDocuments({ key: kept })).toBe(1);
    expect(await events().countDocuments({ key: aborted })).toBe(0);
    await drainOutbox(t);
    expect(await countOf(kept)).toBe(1);
    expect(await countOf(aborted)).toBe(0);
  });

  it('refuses to publish outside a transaction', async () => {
    const session = await t.connection.startSession();
    try {
      await expect(outbox.publish(session, EVENT, payload('x'))).rejects.toThrow(
        /inside a transaction/,
      );
    } finally {
      await session.endSession();
    }
  });

  it('publishes one event per dedupe key', async () => {
    const tag = new Types.ObjectId().toHexString();
    const key = `test:${tag}`;
    for (let i = 0; i < 2; i++) {
      await t
        .get(TransactionRunner)
        .run((session) => outbox.publish(session, EVENT, payload(tag), { key }));
    }
    expect(await events().countDocuments({ key })).toBe(1);
  });

  it('retries a failing handler with backoff, then applies its effect once', async () => {
    const tag = new Types.ObjectId().toHexString();
    const attempts: number[] = [];
    on(outbox, tag, 'test.flaky', async (ctx) => {
      attempts.push(ctx.attempt);
      // The effect is written, then the handler fails: the write must be undone each time.
      await countIn(t, tag, ctx);
      if (ctx.attempt < 3) {
        throw new Error(`flaky failure ${ctx.attempt}`);
      }
    });
    await publish(t, tag);

    expect(await drainOutbox(t)).toMatchObject({ failed: 1 });
    const afterFirst = await deliveryOf('test.flaky');
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1 });
    expect(afterFirst?.lastError).toBe('flaky failure 1');
    // Not due again before its backoff (2 s after the first failure).
    expect(await drainOutbox(t)).toEqual({ delivered: 0, failed: 0 });
    expect(attempts).toEqual([1]);

    await drainOutbox(t, later(3 * SECOND));
    expect(attempts).toEqual([1, 2]);
    // The second backoff is longer (4 s): 3 s after the second failure it is still not due.
    await drainOutbox(t, later(6 * SECOND));
    expect(attempts).toEqual([1, 2]);
    await drainOutbox(t, later(60 * SECOND));
    expect(attempts).toEqual([1, 2, 3]);

    expect(await countOf(tag)).toBe(1);
    expect(await deliveryOf('test.flaky')).toMatchObject({
      status: 'done',
      attempts: 3,
    });
    await drainOutbox(t, later(3600 * SECOND));
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('a handler that always fails is dead after OUTBOX_MAX_ATTEMPTS, listed for admins, and can be retried', async () => {
    const tag = new Types.ObjectId().toHexString();
    let broken = true;
    on(outbox, tag, 'test.broken', async (ctx) => {
      if (broken) {
        throw new Error('downstream is down');
      }
      await countIn(t, tag, ctx);
    });
    await publish(t, tag);
    for (const s of [0, 10, 100, 1000]) {
      await drainOutbox(t, later(s * SECOND));
    }

    const list = await t.http
      .get(`${API}/admin/outbox?status=dead`)
      .set(bearer(admin.accessToken))
      .expect(200);
    const dead = (pageOf<OutboxDeliveryDto>(list).items as DeliveryBody[]).find(
      (d) => d.handler === 'test.broken',
    );
    expect(dead).toMatchObject({
      event: EVENT,
      status: 'dead',
      attempts: 3,
      lastError: 'downstream is down',
      payload: { appointmentId: tag },
    });
    expect(pageOf<OutboxDeliveryDto>(list).total).toBeGreaterThanOrEqual(1);
    // Dead means no more automatic attempts.
    await drainOutbox(t, later(86_400 * SECOND));
    expect(await countOf(tag)).toBe(0);

    const patient = await createUserWithRole(t, Role.Patient);
    await t.http
      .post(`${API}/admin/outbox/${dead!.id}/retry`)
      .set(bearer(patient.accessToken))
      .expect(403);
    await t.http
      .post(`${API}/admin/outbox/${new Types.ObjectId().toHexString()}/retry`)
      .set(bearer(admin.accessToken))
      .expect(404)
      .expect((res) => expect(errorOf(res).code).toBe('OUTBOX_DELIVERY_NOT_FOUND'));
    await t.http
      .post(`${API}/admin/outbox/not-an-id/retry`)
      .set(bearer(admin.accessToken))
      .expect(400);
    await t.http
      .get(`${API}/admin/outbox?status=nonsense`)
      .set(bearer(admin.accessToken))
      .expect(400);

    broken = false;
    const retried = await t.http
      .post(`${API}/admin/outbox/${dead!.id}/retry`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(dataOf<OutboxDeliveryDto>(retried)).toMatchObject({ status: 'pending', attempts: 0 });
    await drainOutbox(t);
    expect(await countOf(tag)).toBe(1);
    await t.http
      .post(`${API}/admin/outbox/${dead!.id}/retry`)
      .set(bearer(admin.accessToken))
      .expect(409)
      .expect((res) => expect(errorOf(res).code).toBe('OUTBOX_DELIVERY_NOT_DEAD'));
    const done = await t.http
      .get(`${API}/admin/outbox?status=done&limit=100`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect((pageOf<OutboxDeliveryDto>(done).items as DeliveryBody[]).map((d) => d.id)).toContain(
      dead!.id,
    );
  });

  it('a handler whose idempotent effect landed before it failed is applied once in effect', async () => {
    const tag = new Types.ObjectId().toHexString();
    let calls = 0;
    on(outbox, tag, 'test.effect-then-crash', async (ctx) => {
      calls += 1;
      // Done outside ctx.session (like an external call with an idempotency key): it stays
      // even though the attempt fails, and the retry's repeat of it changes nothing.
      await effects().updateOne({ _id: tag }, { $setOnInsert: { n: 1 } }, { upsert: true });
      if (ctx.attempt === 1) {
        throw new Error('died after the effect, before marking done');
      }
    });
    await publish(t, tag);
    await drainOutbox(t);
    await drainOutbox(t, later(10 * SECOND));
    expect(calls).toBe(2);
    expect(await countOf(tag)).toBe(1);
    expect(await deliveryOf('test.effect-then-crash')).toMatchObject({
      status: 'done',
    });
  });

  it('an instance dying mid-drain: the other instance delivers after the claim lapses, effect once', async () => {
    const uri = t.config.MONGODB_URI!;
    const dying = await createTestApp({ mongodbUri: uri });
    const survivor = await createTestApp({ mongodbUri: uri });
    const tag = new Types.ObjectId().toHexString();
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    on(dying.get(OutboxService), tag, 'test.crash', async (ctx) => {
      await countIn(dying, tag, ctx);
      entered();
      await hung;
    });
    let survivorRuns = 0;
    on(survivor.get(OutboxService), tag, 'test.crash', async (ctx) => {
      survivorRuns += 1;
      await countIn(survivor, tag, ctx);
    });
    try {
      await publish(dying, tag);
      const dyingDrain = dying
        .get(OutboxService)
        .drain()
        .catch(() => undefined);
      await inHandler;
      // The claim is still live: the survivor may not take the delivery yet.
      expect(await survivor.get(OutboxService).drain()).toEqual({ delivered: 0, failed: 0 });
      // The process "dies": its connection goes away with the transaction still open.
      await dying.connection.close(true);
      release();
      await dyingDrain;

      const claimLapsed = later((t.config.OUTBOX_CLAIM_SECONDS + 1) * SECOND);
      await survivor.get(OutboxService).drain({ now: claimLapsed });
      expect(survivorRuns).toBe(1);
      expect(await countOf(tag)).toBe(1);
      expect(await deliveryOf('test.crash')).toMatchObject({
        status: 'done',
        attempts: 2,
      });
    } finally {
      release();
      await survivor.close({ dropDatabase: false });
      await dying.app.close().catch(() => undefined);
    }
  });

  it('the relay job drains under the job lease, and skips while another instance holds it', async () => {
    const tag = new Types.ObjectId().toHexString();
    on(outbox, tag, 'test.relay', (ctx) => countIn(t, tag, ctx));
    await publish(t, tag);
    const leases = t.connection.collection<{ _id: string; owner: string; expiresAt: Date }>(
      'job_leases',
    );
    await leases.insertOne({
      _id: OUTBOX_RELAY_JOB,
      owner: 'another-instance',
      expiresAt: later(60 * SECOND),
    });
    expect(await t.get(OutboxRelayJob).run()).toMatchObject({ ran: false, delivered: 0 });
    expect(await countOf(tag)).toBe(0);
    await leases.deleteOne({ _id: OUTBOX_RELAY_JOB });
    expect(await t.get(OutboxRelayJob).run()).toMatchObject({ ran: true });
    expect(await countOf(tag)).toBe(1);
  });

  it('two instances draining at once handle each delivery once', async () => {
    const other = await createTestApp({ mongodbUri: t.config.MONGODB_URI! });
    try {
      const tag = new Types.ObjectId().toHexString();
      const seen: string[] = [];
      for (const app of [t, other]) {
        on(app.get(OutboxService), tag, 'test.concurrent', async (ctx) => {
          seen.push(ctx.eventId);
          await countIn(app, tag, ctx);
        });
      }
      const N = 30;
      for (let i = 0; i < N; i++) {
        await publish(t, tag);
      }
      const [a, b] = await Promise.all([drainOutbox(t), drainOutbox(other)]);
      // Both took part (so the test exercises concurrent claims).
      expect(a.delivered).toBeGreaterThan(0);
      expect(b.delivered).toBeGreaterThan(0);
      expect(new Set(seen).size).toBe(N);
      expect(seen).toHaveLength(N);
      expect(await countOf(tag)).toBe(N);
      expect(
        await deliveries().countDocuments({ status: 'done', handler: 'test.concurrent' }),
      ).toBe(N);
    } finally {
      await other.close({ dropDatabase: false });
    }
  });
  it('publishing writes one document naming its handlers; the fan-out creates each delivery once, also for handlers only other instances have', async () => {
    // `next` stands for a newer version during a rolling deploy: it has a handler `t` lacks.
    const next = await createTestApp({ mongodbUri: t.config.MONGODB_URI! });
    try {
      const tag = new Types.ObjectId().toHexString();
      const added = `${tag}-added`;
      on(outbox, tag, 'test.fanout-both', (ctx) => countIn(t, tag, ctx));
      on(next.get(OutboxService), tag, 'test.fanout-both', (ctx) => countIn(next, tag, ctx));
      on(next.get(OutboxService), tag, 'test.fanout-added', (ctx) => countIn(next, added, ctx));
      // Read by _id (the index that serves "the events written since"), then picked here.
      const since = Types.ObjectId.createFromTime(Math.floor(Date.now() / 1000) - 1);
      const N = 130; // more than one fan-out batch
      for (let i = 0; i < N; i++) {
        await publish(next, tag);
      }
      const ours = async () =>
        (
          await events()
            .find({ _id: { $gt: since } })
            .toArray()
        ).filter((e) => (e.payload as { appointmentId?: string }).appointmentId === tag);
      const published = await ours();
      expect(published).toHaveLength(N);
      for (const e of published) {
        expect(e.fanOut).toEqual(expect.arrayContaining(['test.fanout-both', 'test.fanout-added']));
      }
      const eventIds = published.map((e) => e._id);
      expect(await deliveries().countDocuments({ eventId: { $in: eventIds } })).toBe(0);

      // Both instances fan out at once: their transactions conflict, and each delivery exists once.
      await Promise.all([outbox.fanOut(), next.get(OutboxService).fanOut()]);
      expect((await ours()).filter((e) => e.fanOut !== undefined)).toEqual([]);
      for (const handler of ['test.fanout-both', 'test.fanout-added']) {
        expect(await deliveries().countDocuments({ eventId: { $in: eventIds }, handler })).toBe(N);
      }

      // `t` delivers what it can handle and leaves the added handler's deliveries pending.
      await drainOutbox(t);
      expect(await countOf(tag)).toBe(N);
      expect(
        await deliveries().countDocuments({ handler: 'test.fanout-added', status: 'pending' }),
      ).toBe(N);
      await next.get(OutboxService).drain();
      expect(await countOf(added)).toBe(N);
      expect(await countOf(tag)).toBe(N);
    } finally {
      await next.close({ dropDatabase: false });
    }
  });
});

describe('outbox: the flows that publish onto it (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let doctor: TestDoctor;
  let patient: TestUser;
  let recorded: RecordedEvent[];
  const refunds: { appointmentId: string; refundDue: number; attempt: number }[] = [];
  let refundFailures = 1;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    doctor = await createBookableDoctor(t, { name: 'Dr. Outbox' });
    patient = await registerPatient(t, { name: 'Olive Patient' });
    recorded = recordOutboxEvents(t, [
      'appointment.booked',
      'appointment.cancelled',
      'appointment.rescheduled',
      'appointment.completed',
    ]);
    // Stands in for the payments module's refund: fails once, then succeeds.
    t.get(OutboxService).subscribe('appointment.cancelled', 'test.refund', async (e, ctx) => {
      if (refundFailures > 0) {
        refundFailures -= 1;
        throw new Error('payment provider unavailable');
      }
      refunds.push({
        appointmentId: e.appointmentId,
        refundDue: e.refundDue,
        attempt: ctx.attempt,
      });
    });
  });
  afterAll(() => t.close());

  it('booking, reschedule and cancellation each publish their event, and a failing handler is retried without failing the request', async () => {
    const a = await book(t, patient, doctor.id, slotAfter(48));
    const to = slotAfter(72);
    await t.http
      .post(`${API}/appointments/${a.id}/reschedule`)
      .set(bearer(patient.accessToken))
      .send({ startsAt: to.toISOString() })
      .expect(200);
    await t.http
      .post(`${API}/appointments/${a.id}/cancel`)
      .set(bearer(patient.accessToken))
      .send({ reason: 'Plans changed' })
      .expect(200);

    await drainOutbox(t);
    const mine = recorded.filter(
      (e) => (e.payload as { appointmentId: string }).appointmentId === a.id,
    );
    expect(mine.map((e) => e.name)).toEqual([
      'appointment.booked',
      'appointment.rescheduled',
      'appointment.cancelled',
    ]);
    expect(mine[2].payload).toMatchObject({
      by: { role: 'patient', userId: patient.id },
      reason: 'Plans changed',
      refundRule: 'patient_24h_or_more',
    });
    expect(refunds).toEqual([]);
    await drainOutbox(t, later(10 * SECOND));
    expect(refunds).toEqual([{ appointmentId: a.id, refundDue: 0, attempt: 2 }]);
    await drainOutbox(t, later(3600 * SECOND));
    expect(refunds).toHaveLength(1);
  });

  it('a refused change publishes nothing', async () => {
    const a = await book(t, patient, doctor.id, slotAfter(96));
    await t.http
      .post(`${API}/appointments/${a.id}/cancel`)
      .set(bearer(patient.accessToken))
      .send({})
      .expect(200);
    await drainOutbox(t);
    const before = recorded.length;
    await t.http
      .post(`${API}/appointments/${a.id}/cancel`)
      .set(bearer(patient.accessToken))
      .send({})
      .expect(409);
    await drainOutbox(t, later(3600 * SECOND));
    expect(recorded.slice(before).filter((e) => e.name === 'appointment.cancelled')).toEqual([]);
  });

  it('a late delivery acts on the state as it is now: an account recovered before its deletion was delivered keeps its bookings', async () => {
    const p = await registerPatient(t);
    const a = await book(t, p, doctor.id, slotAfter(120));
    await t.http
      .delete(`${API}/users/me`)
      .set(bearer(p.accessToken))
      .send({ password: p.password })
      .expect(200);
    await t.http
      .post(`${API}/auth/recover`)
      .send({ email: p.email, password: p.password })
      .expect(200);
    await drainOutbox(t);
    const session = await login(t, p.email, p.password);
    const res = await t.http
      .get(`${API}/appointments/${a.id}`)
      .set(bearer(session.accessToken))
      .expect(200);
    expect(dataOf<AppointmentResponseDto>(res).status).toBe('confirmed');
  });

  it('follower counts move with the follow, and a purged patient’s follows are erased through the outbox', async () => {
    const fan = await registerPatient(t);
    const profile = async () =>
      dataOf<PublicDoctorDto>(await t.http.get(`${API}/doctors/${doctor.id}`).expect(200)) as {
        followersCount: number;
      };
    const start = (await profile()).followersCount;
    await t.http.put(`${API}/follows/${doctor.id}`).set(bearer(fan.accessToken)).expect(200);
    await t.http.put(`${API}/follows/${doctor.id}`).set(bearer(fan.accessToken)).expect(200);
    // The count moves when the relay delivers follow.created, once for the two requests.
    await drainOutbox(t);
    expect((await profile()).followersCount).toBe(start + 1);

    await t.http
      .delete(`${API}/users/me`)
      .set(bearer(fan.accessToken))
      .send({ password: fan.password })
      .expect(200);
    const purged = await t.get(AccountPurgeJob).run(later(31 * 86_400 * SECOND));
    expect(purged.purged).toBeGreaterThanOrEqual(1);
    // The count drops only when the relay delivers user.purged to the follows module.
    expect((await profile()).followersCount).toBe(start + 1);
    // One run erases the follow (publishing follow.removed), the next one applies the count.
    await drainOutbox(t);
    await drainOutbox(t);
    expect((await profile()).followersCount).toBe(start);
    const list = await t.http
      .get(`${API}/admin/outbox?status=dead`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(pageOf<OutboxDeliveryDto>(list).total).toBe(0);
  });
});
