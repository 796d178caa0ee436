import { Types } from 'mongoose';
import { RatingRepairJob } from '../../src/modules/jobs/rating-repair.job';
import { JobLeaseService } from '../../src/modules/jobs/job-lease.service';
import { ReviewEvents } from '../../src/modules/reviews/reviews.events';
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
import {
  drainOutbox,
  publishAndDrain,
  recordOutboxEvents,
  type RecordedEvent,
} from '../utils/outbox';
import { createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type { PublicDoctorDto } from '../../src/modules/doctors/dto/doctor-response.dto';
import type {
  AdminReviewDto,
  OwnReviewDto,
  PublicReviewDto,
  ReportResultDto,
} from '../../src/modules/reviews/dto/review-response.dto';
import type { OutboxDeliveryDto } from '../../src/modules/outbox/dto/outbox-delivery.dto';
import type { AdminDashboardDto } from '../../src/modules/admin/dto/admin-dashboard.dto';
import type { DoctorSatisfactionDto } from '../../src/modules/reviews/dto/satisfaction.dto';

const DAY_MS = 24 * 3_600_000;
const REVIEW_EVENTS = Object.values(ReviewEvents);

/**
 * The review rules through HTTP. Every piece of state comes from the public API (the admin
 * creates doctors, doctors set hours, patients register and book, the doctor completes the
 * visit); the one thing done in the database is moving stored instants into the past (a visit
 * that started, a completion or a review older than a window), since the API cannot wait.
 */
describe('reviews (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let doctor: Account;
  let otherDoctor: Account;
  let ravi: Account;
  let asha: Account;
  let events: RecordedEvent[];
  let pastHours = 2;

  const appointments = () => t.connection.collection('appointments');
  const reviewsCol = () => t.connection.collection('reviews');
  const oid = (id: string) => new Types.ObjectId(id);

  /** Books a slot over HTTP, then moves the visit into the past so it has started. */
  const startedVisit = async (patient: Account, doctorId: string): Promise<string> => {
    const res = await bookRequest(t, patient, doctorId, slotAfter(2 + pastHours)).expect(201);
    const startsAt = new Date(Date.now() - pastHours++ * 3_600_000);
    await appointments().updateOne(
      { _id: oid(dataOf<AppointmentResponseDto>(res).id) },
      { $set: { startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000) } },
    );
    return dataOf<AppointmentResponseDto>(res).id;
  };

  /** A visit the doctor marked completed through the API. */
  const completedVisit = async (patient: Account, doc: Account = doctor): Promise<string> => {
    const id = await startedVisit(patient, doc.id);
    await t.http
      .post(`${API}/appointments/${id}/complete`)
      .set(bearer(doc.accessToken))
      .expect(200);
    return id;
  };

  const review = (user: Account, appointmentId: string, body: unknown) =>
    t.http
      .post(`${API}/appointments/${appointmentId}/review`)
      .set(bearer(user.accessToken))
      .send(body as object);

  const rating = async (doctorId: string) =>
    dataOf<PublicDoctorDto>(await t.http.get(`${API}/doctors/${doctorId}`).expect(200)).rating as {
      average: number;
      count: number;
      distribution: Record<string, number>;
    };

  const dist = (d: Partial<Record<1 | 2 | 3 | 4 | 5, number>>) => ({
    1: d[1] ?? 0,
    2: d[2] ?? 0,
    3: d[3] ?? 0,
    4: d[4] ?? 0,
    5: d[5] ?? 0,
  });

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env: { ...env, REVIEW_REPORTS_TO_HIDE: '2' } });
    admin = await login(t, email);
    doctor = await createBookableDoctor(t, admin);
    otherDoctor = await createBookableDoctor(t, admin);
    ravi = await registerPatient(t, 'Ravi Kumar');
    asha = await registerPatient(t, 'Asha Devi Rao');
    events = recordOutboxEvents(t, REVIEW_EVENTS);
  }, 60_000);
  afterAll(() => t.close());

  describe('writing a review', () => {
    it('the patient of a completed visit reviews it once; the rating moves at once', async () => {
      const visit = await completedVisit(ravi);
      const res = await review(ravi, visit, {
        rating: 5,
        text: '  Listened and explained everything.  ',
      }).expect(201);
      expect(dataOf<OwnReviewDto>(res)).toMatchObject({
        doctorId: doctor.id,
        appointmentId: visit,
        patientName: 'Ravi K.',
        rating: 5,
        text: 'Listened and explained everything.',
        reply: null,
        edited: false,
        status: 'published',
        edits: [],
      });
      expect(dataOf<OwnReviewDto>(res).editableUntil).not.toBeNull();
      expect(await rating(doctor.id)).toEqual({
        average: 5,
        count: 1,
        distribution: dist({ 5: 1 }),
      });

      const list = await t.http.get(`${API}/doctors/${doctor.id}/reviews`).expect(200);
      expect(pageOf<PublicReviewDto>(list)).toMatchObject({ total: 1, page: 1, limit: 20 });
      expect(pageOf<PublicReviewDto>(list).items[0]).toMatchObject({
        patientName: 'Ravi K.',
        rating: 5,
      });
      const body = JSON.stringify(list.body);
      expect(body).not.toMatch(/@example\.com|Kumar|patientId|appointmentId|reports/);

      const twice = await review(ravi, visit, { rating: 4 }).expect(409);
      expect(errorOf(twice).code).toBe('ALREADY_REVIEWED');
      await drainOutbox(t);
      expect(events.map((e) => e.name)).toContain('review.created');
    });

    it('refuses visits that are not completed, cancelled or no-show', async () => {
      const booked = await bookRequest(t, ravi, doctor.id, slotAfter(200)).expect(201);
      const early = await review(ravi, dataOf<AppointmentResponseDto>(booked).id, {
        rating: 4,
      }).expect(422);
      expect(early.body).toMatchObject({
        code: 'APPOINTMENT_NOT_COMPLETED',
        details: { status: 'confirmed' },
      });
      await t.http
        .post(`${API}/appointments/${dataOf<AppointmentResponseDto>(booked).id}/cancel`)
        .set(bearer(ravi.accessToken))
        .send({})
        .expect(200);
      const cancelled = await review(ravi, dataOf<AppointmentResponseDto>(booked).id, {
        rating: 4,
      }).expect(422);
      expect(errorOf(cancelled).code).toBe('APPOINTMENT_NOT_COMPLETED');

      const missed = await startedVisit(ravi, doctor.id);
      await t.http
        .post(`${API}/appointments/${missed}/no-show`)
        .set(bearer(doctor.accessToken))
        .expect(200);
      const noShow = await review(ravi, missed, { rating: 1 }).expect(422);
      expect(noShow.body).toMatchObject({
        code: 'APPOINTMENT_NOT_COMPLETED',
        details: { status: 'no_show' },
      });
    });

    it('refuses a review more than 30 days after completion', async () => {
      const visit = await completedVisit(asha);
      await appointments().updateOne(
        { _id: oid(visit) },
        { $set: { 'history.$[c].at': new Date(Date.now() - 30 * DAY_MS - 60_000) } },
        { arrayFilters: [{ 'c.status': 'completed' }] },
      );
      const late = await review(asha, visit, { rating: 5 }).expect(422);
      expect(errorOf(late).code).toBe('REVIEW_WINDOW_CLOSED');
    });

    it('is for the patient of the appointment only: 404 for others, 403 for other roles, 401 anonymous', async () => {
      const visit = await completedVisit(ravi);
      const other = await review(asha, visit, { rating: 1 }).expect(404);
      expect(errorOf(other).code).toBe('APPOINTMENT_NOT_FOUND');
      for (const who of [doctor, admin]) {
        const res = await review(who, visit, { rating: 1 }).expect(403);
        expect(errorOf(res).code).toBe('FORBIDDEN_ROLE');
      }
      await t.http.post(`${API}/appointments/${visit}/review`).send({ rating: 5 }).expect(401);
      const bad = await review(ravi, 'not-an-id', { rating: 5 }).expect(400);
      expect(errorOf(bad).code).toBe('INVALID_ID');
      const unknown = await review(ravi, new Types.ObjectId().toHexString(), { rating: 5 });
      expect(unknown.status).toBe(404);
    });

    it.each([
      ['rating 0', { rating: 0 }],
      ['rating 6', { rating: 6 }],
      ['rating 3.5', { rating: 3.5 }],
      ['rating "5"', { rating: '5' }],
      ['rating null', { rating: null }],
      ['no rating', {}],
      ['a text of 2001 characters', { rating: 5, text: 'x'.repeat(2001) }],
      ['a numeric text', { rating: 5, text: 42 }],
      ['an unknown field', { rating: 5, stars: 5 }],
    ])('rejects %s with 400 VALIDATION_FAILED', async (_label, body) => {
      const visit = await completedVisit(asha);
      const res = await review(asha, visit, body).expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    });

    it('rejects Mongo operators in the body with 400 FORBIDDEN_KEY', async () => {
      const visit = await completedVisit(asha);
      for (const body of [{ rating: { $gt: 0 } }, { rating: 5, text: { $ne: null } }]) {
        const res = await review(asha, visit, body).expect(400);
        expect(errorOf(res).code).toBe('FORBIDDEN_KEY');
      }
      // Nothing was stored: the visit can still be reviewed.
      await review(asha, visit, { rating: 4, text: '   ' }).expect(201);
    });
  });

  describe('editing and deleting', () => {
    let visit: string;
    let reviewId: string;

    beforeAll(async () => {
      visit = await completedVisit(ravi, otherDoctor);
      reviewId = dataOf<OwnReviewDto>(
        await review(ravi, visit, { rating: 5, text: 'Great' }).expect(201),
      ).id;
    });

    it('edits keep the previous version and move the aggregate by the difference', async () => {
      const res = await t.http
        .patch(`${API}/reviews/${reviewId}`)
        .set(bearer(ravi.accessToken))
        .send({ rating: 3, text: '  Good, long wait  ' })
        .expect(200);
      expect(dataOf<OwnReviewDto>(res)).toMatchObject({
        rating: 3,
        text: 'Good, long wait',
        edited: true,
      });
      expect(dataOf<OwnReviewDto>(res).edits).toEqual([
        { rating: 5, text: 'Great', replacedAt: expect.any(String) },
      ]);
      expect(await rating(otherDoctor.id)).toEqual({
        average: 3,
        count: 1,
        distribution: dist({ 3: 1 }),
      });
      const textOnly = await t.http
        .patch(`${API}/reviews/${reviewId}`)
        .set(bearer(ravi.accessToken))
        .send({ text: null })
        .expect(200);
      expect(dataOf<OwnReviewDto>(textOnly)).toMatchObject({ rating: 3, text: null });
      expect(dataOf<OwnReviewDto>(textOnly).edits).toHaveLength(2);
    });

    it('refuses bad edits, other people and other roles', async () => {
      const patch = (user: Account, body: object) =>
        t.http.patch(`${API}/reviews/${reviewId}`).set(bearer(user.accessToken)).send(body);
      for (const body of [{}, { rating: 0 }, { rating: 3.5 }, { rating: '4' }, { x: 1 }]) {
        expect(errorOf(await patch(ravi, body).expect(400)).code).toBe('VALIDATION_FAILED');
      }
      expect(errorOf(await patch(ravi, { rating: { $gt: 1 } }).expect(400)).code).toBe(
        'FORBIDDEN_KEY',
      );
      expect(errorOf(await patch(asha, { rating: 1 }).expect(404)).code).toBe('REVIEW_NOT_FOUND');
      expect(errorOf(await patch(otherDoctor, { rating: 1 }).expect(403)).code).toBe(
        'FORBIDDEN_ROLE',
      );
      const del = await t.http
        .delete(`${API}/reviews/${reviewId}`)
        .set(bearer(asha.accessToken))
        .expect(404);
      expect(errorOf(del).code).toBe('REVIEW_NOT_FOUND');
    });

    it('closes edits and deletion 7 days after writing', async () => {
      const v = await completedVisit(asha, otherDoctor);
      const id = dataOf<OwnReviewDto>(await review(asha, v, { rating: 2 }).expect(201)).id;
      await reviewsCol().updateOne(
        { _id: oid(id) },
        { $set: { createdAt: new Date(Date.now() - 7 * DAY_MS - 60_000) } },
      );
      const edit = await t.http
        .patch(`${API}/reviews/${id}`)
        .set(bearer(asha.accessToken))
        .send({ rating: 5 })
        .expect(422);
      expect(errorOf(edit).code).toBe('REVIEW_EDIT_WINDOW_CLOSED');
      const del = await t.http
        .delete(`${API}/reviews/${id}`)
        .set(bearer(asha.accessToken))
        .expect(422);
      expect(errorOf(del).code).toBe('REVIEW_EDIT_WINDOW_CLOSED');
      const mine = await t.http.get(`${API}/reviews/me`).set(bearer(asha.accessToken)).expect(200);
      expect(
        pageOf<OwnReviewDto>(mine).items.find((r: { id: string }) => r.id === id),
      ).toMatchObject({
        editableUntil: null,
        rating: 2,
      });
      expect((await rating(otherDoctor.id)).count).toBe(2);
    });

    it('the doctor of the visit replies once and edits it; then the patient cannot change it', async () => {
      const put = (user: Account, text: unknown) =>
        t.http.put(`${API}/reviews/${reviewId}/reply`).set(bearer(user.accessToken)).send({ text });
      expect(errorOf(await put(doctor, 'Not my patient').expect(404)).code).toBe(
        'REVIEW_NOT_FOUND',
      );
      expect(errorOf(await put(ravi, 'Me').expect(403)).code).toBe('FORBIDDEN_ROLE');
      for (const text of ['   ', 'x'.repeat(2001), 5]) {
        expect(errorOf(await put(otherDoctor, text).expect(400)).code).toBe('VALIDATION_FAILED');
      }
      const first = await put(otherDoctor, '  Thank you, sorry for the wait.  ').expect(200);
      expect(dataOf<PublicReviewDto>(first).reply).toMatchObject({
        text: 'Thank you, sorry for the wait.',
      });
      const second = await put(otherDoctor, 'Thank you!').expect(200);
      expect(dataOf<PublicReviewDto>(second).reply).toMatchObject({
        text: 'Thank you!',
        createdAt: dataOf<PublicReviewDto>(first).reply!.createdAt,
      });

      const edit = await t.http
        .patch(`${API}/reviews/${reviewId}`)
        .set(bearer(ravi.accessToken))
        .send({ rating: 1 })
        .expect(422);
      expect(errorOf(edit).code).toBe('REVIEW_REPLIED');
      const del = await t.http
        .delete(`${API}/reviews/${reviewId}`)
        .set(bearer(ravi.accessToken))
        .expect(422);
      expect(errorOf(del).code).toBe('REVIEW_REPLIED');
      // Doctors cannot delete reviews (no route answers them but 403).
      expect(
        errorOf(
          await t.http
            .delete(`${API}/reviews/${reviewId}`)
            .set(bearer(otherDoctor.accessToken))
            .expect(403),
        ).code,
      ).toBe('FORBIDDEN_ROLE');
      const list = await t.http.get(`${API}/doctors/${otherDoctor.id}/reviews`).expect(200);
      expect(
        pageOf<PublicReviewDto>(list).items.find((r: { id: string }) => r.id === reviewId)!.reply!
          .text,
      ).toBe('Thank you!');
    });

    it('deleting takes the rating out; the visit cannot be reviewed again', async () => {
      const v = await completedVisit(asha, otherDoctor);
      const id = dataOf<OwnReviewDto>(await review(asha, v, { rating: 4 }).expect(201)).id;
      const before = await rating(otherDoctor.id);
      const res = await t.http
        .delete(`${API}/reviews/${id}`)
        .set(bearer(asha.accessToken))
        .expect(200);
      expect(dataOf<OwnReviewDto>(res).status).toBe('deleted');
      const after = await rating(otherDoctor.id);
      expect(after.count).toBe(before.count - 1);
      expect(after.distribution['4']).toBe(before.distribution['4'] - 1);
      await t.http.delete(`${API}/reviews/${id}`).set(bearer(asha.accessToken)).expect(404);
      expect(errorOf(await review(asha, v, { rating: 5 }).expect(409)).code).toBe(
        'ALREADY_REVIEWED',
      );
      const mine = await t.http.get(`${API}/reviews/me`).set(bearer(asha.accessToken)).expect(200);
      expect(pageOf<OwnReviewDto>(mine).items.map((r: { id: string }) => r.id)).not.toContain(id);
    });
  });

  describe('reports and moderation', () => {
    let reviewId: string;
    let reporters: Account[];

    beforeAll(async () => {
      const patient = await registerPatient(t, 'Meera Iyer');
      const v = await completedVisit(patient);
      reviewId = dataOf<OwnReviewDto>(
        await review(patient, v, { rating: 1, text: 'Spam spam' }).expect(201),
      ).id;
      reporters = [await registerPatient(t), await registerPatient(t)];
    });

    const report = (user: Account, reason: unknown, id = reviewId) =>
      t.http.post(`${API}/reviews/${id}/report`).set(bearer(user.accessToken)).send({ reason });

    it('any signed-in user reports once; the threshold hides the review and takes its rating out', async () => {
      const before = await rating(doctor.id);
      for (const reason of ['rude', '', 5, null]) {
        expect(errorOf(await report(reporters[0], reason).expect(400)).code).toBe(
          'VALIDATION_FAILED',
        );
      }
      await t.http.post(`${API}/reviews/${reviewId}/report`).send({ reason: 'spam' }).expect(401);
      const first = await report(reporters[0], 'spam').expect(200);
      expect(dataOf<ReportResultDto>(first)).toEqual({ reviewId, reason: 'spam', reported: true });
      expect(errorOf(await report(reporters[0], 'fake').expect(409)).code).toBe('ALREADY_REPORTED');
      expect((await rating(doctor.id)).count).toBe(before.count);

      // The second distinct report (REVIEW_REPORTS_TO_HIDE=2 here) hides it. A doctor may report.
      await report(doctor, 'offensive').expect(200);
      const after = await rating(doctor.id);
      expect(after.count).toBe(before.count - 1);
      expect(after.distribution['1']).toBe(before.distribution['1'] - 1);
      const list = await t.http.get(`${API}/doctors/${doctor.id}/reviews`).expect(200);
      expect(pageOf<PublicReviewDto>(list).items.map((r: { id: string }) => r.id)).not.toContain(
        reviewId,
      );
      // A hidden review is not public, so it cannot be reported.
      expect(errorOf(await report(reporters[1], 'spam').expect(404)).code).toBe('REVIEW_NOT_FOUND');
    });

    it('one cannot report one’s own review', async () => {
      const v = await completedVisit(asha);
      const id = dataOf<OwnReviewDto>(await review(asha, v, { rating: 3 }).expect(201)).id;
      expect(errorOf(await report(asha, 'other', id).expect(422)).code).toBe(
        'CANNOT_REPORT_OWN_REVIEW',
      );
    });

    it('admins see the reported queue and restore or hide with a reason, recorded on the review', async () => {
      const queue = await t.http
        .get(`${API}/admin/reviews`)
        .query({ reported: 'true' })
        .set(bearer(admin.accessToken))
        .expect(200);
      const queued = pageOf<AdminReviewDto>(queue).items.find(
        (r: { id: string }) => r.id === reviewId,
      );
      expect(queued).toMatchObject({
        status: 'hidden',
        reported: true,
        reportsCount: 2,
        openReports: 2,
        moderation: [{ action: 'auto_hidden', by: null, reason: 'reports' }],
      });
      const hidden = await t.http
        .get(`${API}/admin/reviews`)
        .query({ hidden: 'true', doctorId: doctor.id })
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(pageOf<AdminReviewDto>(hidden).items.map((r: { id: string }) => r.id)).toEqual([
        reviewId,
      ]);

      const moderate = (action: string, body: object, user: Account = admin) =>
        t.http
          .post(`${API}/admin/reviews/${reviewId}/${action}`)
          .set(bearer(user.accessToken))
          .send(body);
      expect(errorOf(await moderate('restore', {}).expect(400)).code).toBe('VALIDATION_FAILED');
      expect(errorOf(await moderate('restore', { reason: 'x'.repeat(501) }).expect(400)).code).toBe(
        'VALIDATION_FAILED',
      );
      expect(errorOf(await moderate('restore', { reason: 'ok' }, ravi).expect(403)).code).toBe(
        'FORBIDDEN_ROLE',
      );
      await t.http.get(`${API}/admin/reviews`).set(bearer(doctor.accessToken)).expect(403);

      const before = await rating(doctor.id);
      const restored = await moderate('restore', { reason: 'Honest, if harsh' }).expect(200);
      expect(dataOf<AdminReviewDto>(restored)).toMatchObject({
        status: 'published',
        reported: false,
        openReports: 0,
      });
      expect((await rating(doctor.id)).count).toBe(before.count + 1);
      expect(errorOf(await moderate('restore', { reason: 'again' }).expect(409)).code).toBe(
        'INVALID_REVIEW_STATE',
      );

      const hiddenAgain = await moderate('hide', { reason: 'Names a nurse' }).expect(200);
      expect(dataOf<AdminReviewDto>(hiddenAgain).status).toBe('hidden');
      expect(
        dataOf<AdminReviewDto>(hiddenAgain).moderation.map((m: { action: string }) => m.action),
      ).toEqual(['auto_hidden', 'restored', 'hidden']);
      expect(dataOf<AdminReviewDto>(hiddenAgain).moderation[2]).toMatchObject({
        by: admin.id,
        reason: 'Names a nurse',
      });
      expect((await rating(doctor.id)).count).toBe(before.count);
      expect(errorOf(await moderate('hide', { reason: 'twice' }).expect(409)).code).toBe(
        'INVALID_REVIEW_STATE',
      );
      const missing = await t.http
        .post(`${API}/admin/reviews/${new Types.ObjectId().toHexString()}/hide`)
        .set(bearer(admin.accessToken))
        .send({ reason: 'x' })
        .expect(404);
      expect(errorOf(missing).code).toBe('REVIEW_NOT_FOUND');
    });

    it('every change went onto the outbox; events nobody handles leave nothing dead', async () => {
      await drainOutbox(t);
      const names = new Set(events.map((e) => e.name));
      for (const name of REVIEW_EVENTS) {
        expect(names).toContain(name);
      }
      const dead = await t.http
        .get(`${API}/admin/outbox`)
        .query({ status: 'dead' })
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(pageOf<OutboxDeliveryDto>(dead).total).toBe(0);
    });
  });

  describe('lists', () => {
    it('sorts a doctor’s reviews newest first or by rating, paginated; validates the query', async () => {
      const get = (query: Record<string, string | number>) =>
        t.http.get(`${API}/doctors/${doctor.id}/reviews`).query(query);
      const all = pageOf<PublicReviewDto>(await get({ limit: 100 }).expect(200));
      const created = all.items.map((r: { createdAt: string }) => r.createdAt);
      expect(created).toEqual([...created].sort().reverse());
      const highest = pageOf<PublicReviewDto>(
        await get({ sort: 'highest', limit: 100 }).expect(200),
      ).items;
      const ratings = highest.map((r: { rating: number }) => r.rating);
      expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
      const lowest = pageOf<PublicReviewDto>(
        await get({ sort: 'lowest', limit: 100 }).expect(200),
      ).items;
      expect(lowest.map((r: { rating: number }) => r.rating)).toEqual([...ratings].reverse());
      const page2 = pageOf<PublicReviewDto>(await get({ limit: 1, page: 2 }).expect(200));
      expect(page2).toMatchObject({ total: all.total, page: 2, limit: 1 });
      expect(page2.items[0].id).toBe(all.items[1].id);
      const bad: Record<string, string | number>[] = [
        { sort: 'best' },
        { limit: 101 },
        { page: 0 },
        { x: 1 },
      ];
      for (const q of bad) {
        expect(errorOf(await get(q).expect(400)).code).toBe('VALIDATION_FAILED');
      }
      await t.http.get(`${API}/doctors/${doctor.id}/reviews?sort[$ne]=x`).expect(400);
      await t.http.get(`${API}/doctors/bad/reviews`).expect(400);
      const none = await t.http
        .get(`${API}/doctors/${new Types.ObjectId().toHexString()}/reviews`)
        .expect(404);
      expect(errorOf(none).code).toBe('DOCTOR_NOT_FOUND');
      await t.http.get(`${API}/reviews/me`).expect(401);
      await t.http.get(`${API}/reviews/me`).set(bearer(doctor.accessToken)).expect(403);
    });
  });

  describe('purged accounts', () => {
    it('a purged patient’s review stays, counted, without their name', async () => {
      const patient = await registerPatient(t, 'Zoe Purgeable');
      const v = await completedVisit(patient, otherDoctor);
      const id = dataOf<OwnReviewDto>(await review(patient, v, { rating: 4 }).expect(201)).id;
      const before = await rating(otherDoctor.id);
      await publishAndDrain(t, 'user.purged', { userId: patient.id });
      const list = await t.http
        .get(`${API}/doctors/${otherDoctor.id}/reviews`)
        .query({ limit: 100 })
        .expect(200);
      expect(
        pageOf<PublicReviewDto>(list).items.find((r: { id: string }) => r.id === id),
      ).toMatchObject({
        patientName: 'Deleted user',
        rating: 4,
      });
      expect(JSON.stringify(list.body)).not.toContain('Zoe');
      expect(await rating(otherDoctor.id)).toEqual(before);
    });
  });

  describe('aggregate repair and dashboards', () => {
    it('the repair job recounts every doctor, reports drift and fixes it', async () => {
      const exact = await rating(doctor.id);
      const job = t.get(RatingRepairJob);
      const clean = await job.run();
      expect(clean).toMatchObject({ ran: true, drifted: [] });
      // A write that bypassed the review transactions (a bug, a manual fix gone wrong).
      await t.connection
        .collection('doctors')
        .updateOne({ _id: oid(doctor.id) }, { $inc: { 'rating.count': 7, 'rating.star2': 7 } });
      expect((await rating(doctor.id)).count).toBe(exact.count + 7);
      const repaired = await job.run();
      expect(repaired.drifted).toEqual([doctor.id]);
      expect(await rating(doctor.id)).toEqual(exact);
      expect(t.get(JobLeaseService)).toBeDefined();
    });

    it('the admin dashboard shows patient satisfaction; the doctor sees their own', async () => {
      const res = await t.http
        .get(`${API}/admin/dashboard`)
        .set(bearer(admin.accessToken))
        .expect(200);
      const s = dataOf<AdminDashboardDto>(res).satisfaction;
      const total = Object.values(s.distribution as Record<string, number>).reduce(
        (a, n) => a + n,
        0,
      );
      expect(s.count).toBe(total);
      expect(s.count).toBeGreaterThan(0);
      expect(s.monthly.reduce((a: number, m: { count: number }) => a + m.count, 0)).toBe(s.count);
      const ids = s.mostRated.map((d: { doctorId: string }) => d.doctorId);
      expect(ids).toEqual(expect.arrayContaining([doctor.id, otherDoctor.id]));
      expect(s.mostRated[0].average).toBeGreaterThanOrEqual(s.leastRated[0].average);
      expect(s.mostRated[0].name).toBe('Dr. Race Condition');

      const own = await t.http
        .get(`${API}/doctors/me/dashboard/satisfaction`)
        .set(bearer(otherDoctor.accessToken))
        .expect(200);
      expect(dataOf<DoctorSatisfactionDto>(own).current).toEqual(await rating(otherDoctor.id));
      expect(dataOf<DoctorSatisfactionDto>(own).inRange.count).toBe(
        (await rating(otherDoctor.id)).count,
      );
      await t.http
        .get(`${API}/doctors/me/dashboard/satisfaction`)
        .set(bearer(ravi.accessToken))
        .expect(403);
      await t.http
        .get(`${API}/doctors/me/dashboard/satisfaction`)
        .query({ from: '2026-02-01', to: '2026-01-01' })
        .set(bearer(otherDoctor.accessToken))
        .expect(400);
    });
  });
});
