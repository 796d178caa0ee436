import { Types } from 'mongoose';
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
import { winningPlanStages } from '../utils/explain';
import { drainNotifications } from '../utils/notifications';
import { publishAndDrain } from '../utils/outbox';
import { createTestApp, type TestApp } from '../utils/test-app';
import { OutboxService } from '../../src/modules/outbox/outbox.service';
import { NotificationsRepository } from '../../src/modules/notifications/notifications.repository';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type {
  NotificationDto,
  PreferencesDto,
  ReadAllResultDto,
  UnreadCountDto,
} from '../../src/modules/notifications/dto/notification.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type { OutboxDeliveryDto } from '../../src/modules/outbox/dto/outbox-delivery.dto';

const N = `${API}/notifications`;

describe('notifications inbox (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let doctor: Account;
  let patient: Account;
  let other: Account;

  const list = (who: Account, query = '') =>
    t.http.get(`${N}${query}`).set(bearer(who.accessToken));
  const unread = async (who: Account): Promise<number> =>
    dataOf<UnreadCountDto>(
      await t.http.get(`${N}/unread-count`).set(bearer(who.accessToken)).expect(200),
    ).count;

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env });
    admin = await login(t, email);
    doctor = await createBookableDoctor(t, admin);
    patient = await registerPatient(t, 'Pat <b>Bold</b>');
    other = await registerPatient(t, 'Other Patient');
  });
  afterAll(() => t.close());

  it('a booking made over the API notifies the patient and the doctor once each, newest first', async () => {
    const at = slotAfter(72);
    const booked = await bookRequest(t, patient, doctor.id, at).expect(201);
    await t.http.put(`${API}/follows/${doctor.id}`).set(bearer(patient.accessToken)).expect(200);
    await drainNotifications(t);
    await drainNotifications(t); // a second relay run changes nothing

    const mine = await list(patient).expect(200);
    expect(pageOf<NotificationDto>(mine).items).toHaveLength(1);
    expect(pageOf<NotificationDto>(mine).total).toBe(1);
    const item = pageOf<NotificationDto>(mine).items[0];
    expect(Object.keys(item).sort()).toEqual([
      'body',
      'createdAt',
      'id',
      'readAt',
      'title',
      'type',
    ]);
    expect(item).toMatchObject({
      type: 'booking_confirmed',
      title: 'Booking confirmed',
      readAt: null,
    });
    expect(item.body).toContain('Dr. Race Condition');

    const theirs = await list(doctor).expect(200);
    expect(pageOf<NotificationDto>(theirs).items.map((i: { type: string }) => i.type)).toEqual([
      'new_follower',
      'new_booking',
      'doctor_welcome',
    ]);
    expect(pageOf<NotificationDto>(theirs).items[1].body).toContain('Pat <b>Bold</b>');
    expect(await unread(doctor)).toBe(3);

    // Cancelled by the doctor: the patient is told, the doctor (who did it) is not.
    await t.http
      .post(`${API}/appointments/${dataOf<AppointmentResponseDto>(booked).id}/cancel`)
      .set(bearer(doctor.accessToken))
      .send({ reason: 'Clinic closed' })
      .expect(200);
    await drainNotifications(t);
    const after = await list(patient).expect(200);
    expect(pageOf<NotificationDto>(after).items.map((i: { type: string }) => i.type)).toEqual([
      'appointment_cancelled',
      'booking_confirmed',
    ]);
    expect(pageOf<NotificationDto>(await list(doctor).expect(200)).total).toBe(3);
  });

  it('paginates and filters unread; marks one read (idempotent) and all read up to a time', async () => {
    const at0 = slotAfter(100);
    const someone = await registerPatient(t);
    for (let i = 0; i < 3; i++) {
      await bookRequest(t, someone, doctor.id, new Date(at0.getTime() + i * 3_600_000)).expect(201);
    }
    await drainNotifications(t);
    const page1 = await list(doctor, '?limit=2&page=1').expect(200);
    const page2 = await list(doctor, '?limit=2&page=2').expect(200);
    expect(pageOf<NotificationDto>(page1)).toMatchObject({ total: 6, page: 1, limit: 2 });
    expect(pageOf<NotificationDto>(page1).items).toHaveLength(2);
    const ids = [
      ...pageOf<NotificationDto>(page1).items,
      ...pageOf<NotificationDto>(page2).items,
    ].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(4);
    const times = [
      ...pageOf<NotificationDto>(page1).items,
      ...pageOf<NotificationDto>(page2).items,
    ].map((i: { createdAt: string }) => Date.parse(i.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const first = pageOf<NotificationDto>(page1).items[0].id;
    const read = await t.http
      .post(`${N}/${first}/read`)
      .set(bearer(doctor.accessToken))
      .expect(200);
    expect(dataOf<NotificationDto>(read).readAt).not.toBeNull();
    const again = await t.http
      .post(`${N}/${first}/read`)
      .set(bearer(doctor.accessToken))
      .expect(200);
    expect(dataOf<NotificationDto>(again).readAt).toBe(dataOf<NotificationDto>(read).readAt);
    expect(await unread(doctor)).toBe(5);
    const unreadOnly = await list(doctor, '?unread=true').expect(200);
    expect(pageOf<NotificationDto>(unreadOnly).total).toBe(5);
    expect(
      pageOf<NotificationDto>(unreadOnly).items.map((i: { id: string }) => i.id),
    ).not.toContain(first);

    // read-all up to a time: what arrived after it stays unread.
    const cut = new Date();
    await new Promise((r) => setTimeout(r, 20));
    await bookRequest(t, someone, doctor.id, new Date(at0.getTime() + 5 * 3_600_000)).expect(201);
    await drainNotifications(t);
    expect(await unread(doctor)).toBe(6);
    const marked = await t.http
      .post(`${N}/read-all`)
      .set(bearer(doctor.accessToken))
      .send({ before: cut.toISOString() })
      .expect(200);
    expect(dataOf<ReadAllResultDto>(marked).marked).toBe(5);
    const left = await list(doctor, '?unread=true').expect(200);
    expect(pageOf<NotificationDto>(left).items).toHaveLength(1);
    expect(Date.parse(pageOf<NotificationDto>(left).items[0].createdAt)).toBeGreaterThan(
      cut.getTime(),
    );
    await t.http.post(`${N}/read-all`).set(bearer(doctor.accessToken)).send({}).expect(200);
    expect(await unread(doctor)).toBe(0);
    const count = await t.http.get(`${N}/unread-count`).set(bearer(doctor.accessToken)).expect(200);
    expect(dataOf<UnreadCountDto>(count)).toEqual({ count: 0, bound: 1000, capped: false });
  });

  it('BOLA: nobody reads or marks another user’s notifications', async () => {
    const theirs = pageOf<NotificationDto>(await list(patient).expect(200)).items[0].id;
    const res = await t.http.post(`${N}/${theirs}/read`).set(bearer(other.accessToken)).expect(404);
    expect(errorOf(res).code).toBe('NOTIFICATION_NOT_FOUND');
    expect(pageOf<NotificationDto>(await list(other).expect(200)).total).toBe(0);
    // read-all of another user marks nothing of the first
    await t.http.post(`${N}/read-all`).set(bearer(other.accessToken)).send({}).expect(200);
    expect(await unread(patient)).toBe(2);
    const unknown = new Types.ObjectId().toHexString();
    expect(
      errorOf(
        await t.http.post(`${N}/${unknown}/read`).set(bearer(patient.accessToken)).expect(404),
      ).code,
    ).toBe('NOTIFICATION_NOT_FOUND');
  });

  it('refuses missing auth, bad ids, unknown fields, operators and bad values with exact codes', async () => {
    for (const req of [
      t.http.get(N),
      t.http.get(`${N}/unread-count`),
      t.http.post(`${N}/read-all`).send({}),
      t.http.get(`${N}/preferences`),
    ]) {
      expect(errorOf(await req.expect(401)).code).toBe('UNAUTHORIZED');
    }
    const bad = await t.http
      .post(`${N}/not-an-id/read`)
      .set(bearer(patient.accessToken))
      .expect(400);
    expect(errorOf(bad).code).toBe('INVALID_ID');
    const unknownField = await t.http
      .post(`${N}/read-all`)
      .set(bearer(patient.accessToken))
      .send({ before: new Date().toISOString(), userId: other.id })
      .expect(400);
    expect(errorOf(unknownField).code).toBe('VALIDATION_FAILED');
    const operator = await t.http
      .post(`${N}/read-all`)
      .set(bearer(patient.accessToken))
      .send({ before: { $gt: '1970-01-01' } })
      .expect(400);
    expect(errorOf(operator).code).toBe('FORBIDDEN_KEY');
    const badDate = await t.http
      .post(`${N}/read-all`)
      .set(bearer(patient.accessToken))
      .send({ before: 'yesterday' })
      .expect(400);
    expect(errorOf(badDate).code).toBe('VALIDATION_FAILED');
    for (const q of ['?unread=maybe', '?limit=0', '?limit=101', '?page=abc', '?userId=x']) {
      expect(errorOf(await list(patient, q).expect(400)).code).toBe('VALIDATION_FAILED');
    }
    expect(await unread(patient)).toBe(2);
  });

  it('serves the inbox, the unread count and the stream query from indexes', async () => {
    const repo = t.get(NotificationsRepository);
    const stages = (explain: unknown) => winningPlanStages(explain).map((s) => s.stage);
    const indexes = (explain: unknown) =>
      winningPlanStages(explain)
        .map((s) => s.indexName)
        .filter(Boolean);
    const all = await repo.listQuery(patient.id, false, 0, 20).explain('queryPlanner');
    expect(indexes(all)).toContain('user_seq');
    const unreadPlan = await repo.listQuery(patient.id, true, 0, 20).explain('queryPlanner');
    expect(indexes(unreadPlan)).toContain('user_read_created');
    const stream = await repo
      .newerThan(
        [
          { userId: patient.id, seq: 0 },
          { userId: doctor.id, seq: 3 },
        ],
        100,
      )
      .explain('queryPlanner');
    expect(stages(stream)).not.toContain('COLLSCAN');
    expect(indexes(stream)).toContain('user_seq');
  });

  it('preferences: PUT takes what GET returns; a type switched off in-app produces nothing', async () => {
    const got = await t.http.get(`${N}/preferences`).set(bearer(doctor.accessToken)).expect(200);
    const items = dataOf<PreferencesDto>(got).items as {
      type: string;
      inApp: boolean;
      email: boolean | null;
    }[];
    expect(items.find((i) => i.type === 'new_follower')).toEqual({
      type: 'new_follower',
      description: expect.any(String),
      inApp: true,
      email: null,
      emailLocked: false,
    });
    expect(items.find((i) => i.type === 'payment_received')).toMatchObject({
      email: true,
      emailLocked: true,
    });
    const same = await t.http
      .put(`${N}/preferences`)
      .set(bearer(doctor.accessToken))
      .send(dataOf<PreferencesDto>(got))
      .expect(200);
    expect(dataOf<PreferencesDto>(same)).toEqual(dataOf<PreferencesDto>(got));
    const changed = {
      items: items.map((i) => (i.type === 'new_follower' ? { ...i, inApp: false } : i)),
    };
    const put = await t.http
      .put(`${N}/preferences`)
      .set(bearer(doctor.accessToken))
      .send(changed)
      .expect(200);
    expect(
      dataOf<PreferencesDto>(put).items.find((i: { type: string }) => i.type === 'new_follower')!
        .inApp,
    ).toBe(false);
    const before = pageOf<NotificationDto>(await list(doctor).expect(200)).total;
    await t.http.put(`${API}/follows/${doctor.id}`).set(bearer(other.accessToken)).expect(200);
    await drainNotifications(t);
    expect(pageOf<NotificationDto>(await list(doctor).expect(200)).total).toBe(before);

    for (const body of [
      { items: [{ type: 'new_follower', inApp: 'no' }] },
      { items: [{ type: 'new_follower', inApp: true, extra: 1 }] },
      { items: 'all' },
      {},
      { items: [{ type: { $ne: null }, inApp: true }] },
    ]) {
      const res = await t.http
        .put(`${N}/preferences`)
        .set(bearer(doctor.accessToken))
        .send(body)
        .expect(400);
      expect(['VALIDATION_FAILED', 'FORBIDDEN_KEY']).toContain(errorOf(res).code);
    }
  });

  it('notifications expire NOTIFICATION_TTL_DAYS after creation (a TTL index)', async () => {
    const indexes = await t.connection.collection('notifications').indexes();
    expect(indexes.find((i) => i.name === 'ttl_expires')).toMatchObject({
      key: { expiresAt: 1 },
      expireAfterSeconds: 0,
    });
    const doc = await t.connection
      .collection('notifications')
      .findOne<{ expiresAt: Date; createdAt: Date }>({ userId: new Types.ObjectId(patient.id) });
    expect(doc).not.toBeNull();
    const days = (doc!.expiresAt.getTime() - doc!.createdAt.getTime()) / 86_400_000;
    expect(days).toBe(t.config.NOTIFICATION_TTL_DAYS);
    const short = await createTestApp({ env: { NOTIFICATION_TTL_DAYS: '7' } });
    try {
      expect(short.config.NOTIFICATION_TTL_DAYS).toBe(7);
    } finally {
      await short.close();
    }
  });

  it('admins are told once of a dead outbox delivery, and a dead announcement never loops', async () => {
    t.get(OutboxService).subscribe('follow.removed', 'test.always-fails', () =>
      Promise.reject(new Error('handler down')),
    );
    await t.http.delete(`${API}/follows/${doctor.id}`).set(bearer(other.accessToken)).expect(200);
    const start = Date.now();
    for (let k = 0; k <= t.config.OUTBOX_MAX_ATTEMPTS + 1; k++) {
      await drainNotifications(t, new Date(start + k * 20 * 60_000));
    }
    const dead = await t.http
      .get(`${API}/admin/outbox?status=dead`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(
      pageOf<OutboxDeliveryDto>(dead).items.filter(
        (d: { handler: string }) => d.handler === 'test.always-fails',
      ),
    ).toHaveLength(1);
    const told = pageOf<NotificationDto>(await list(admin).expect(200)).items.filter(
      (i: { type: string }) => i.type === 'outbox_delivery_dead',
    );
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain('follow.removed -> test.always-fails');
    expect(
      pageOf<NotificationDto>(await list(doctor).expect(200)).items.map(
        (i: { type: string }) => i.type,
      ),
    ).not.toContain('outbox_delivery_dead');
  });

  it('a purged account’s notifications and e-mails are erased with it', async () => {
    const gone = await registerPatient(t, 'Gone Soon');
    await bookRequest(t, gone, doctor.id, slotAfter(140)).expect(201);
    await drainNotifications(t);
    const uid = new Types.ObjectId(gone.id);
    expect(await t.connection.collection('notifications').countDocuments({ userId: uid })).toBe(1);
    await publishAndDrain(t, 'user.purged', { userId: gone.id });
    expect(await t.connection.collection('notifications').countDocuments({ userId: uid })).toBe(0);
    expect(
      await t.connection.collection('notification_emails').countDocuments({ userId: uid }),
    ).toBe(0);
  });
});
