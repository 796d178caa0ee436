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
import { drainOutbox } from '../utils/outbox';
import { createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, pageOf } from '../utils/responses';
import type { NotificationDto } from '../../src/modules/notifications/dto/notification.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type { OwnReviewDto } from '../../src/modules/reviews/dto/review-response.dto';

/**
 * The review notifications, set up through the API (the one database step moves the booked
 * visit into the past so the doctor can complete it): the patient is invited to review a
 * completed visit, the doctor hears of the review, the patient of the doctor's first reply
 * (not of an edit of it), admins of a report.
 */
describe('review notifications (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let doctor: Account;
  let patient: Account;

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env });
    admin = await login(t, email);
    doctor = await createBookableDoctor(t, admin);
    patient = await registerPatient(t, 'Meera Iyer');
  });
  afterAll(() => t.close());

  const inbox = async (user: Account) => {
    await drainOutbox(t);
    const res = await t.http.get(`${API}/notifications`).set(bearer(user.accessToken)).expect(200);
    return (
      pageOf<NotificationDto>(res).items as Array<{ type: string; title: string; body: string }>
    ).map((n) => n.type);
  };

  it('invites, tells the doctor, the patient once per reply and the admins of reports', async () => {
    const booked = await bookRequest(t, patient, doctor.id, slotAfter(3)).expect(201);
    const id = dataOf<AppointmentResponseDto>(booked).id;
    const startsAt = new Date(Date.now() - 2 * 3_600_000);
    await t.connection
      .collection('appointments')
      .updateOne(
        { _id: new Types.ObjectId(id) },
        { $set: { startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000) } },
      );
    await t.http
      .post(`${API}/appointments/${id}/complete`)
      .set(bearer(doctor.accessToken))
      .expect(200);
    expect(await inbox(patient)).toContain('review_invitation');

    const review = await t.http
      .post(`${API}/appointments/${id}/review`)
      .set(bearer(patient.accessToken))
      .send({ rating: 4, text: 'Kind and on time.' })
      .expect(201);
    const reviewId = dataOf<OwnReviewDto>(review).id;
    expect(await inbox(doctor)).toContain('new_review');

    for (const text of ['Thank you!', 'Thank you, see you next time.']) {
      await t.http
        .put(`${API}/reviews/${reviewId}/reply`)
        .set(bearer(doctor.accessToken))
        .send({ text })
        .expect(200);
    }
    const patientInbox = await inbox(patient);
    expect(patientInbox.filter((type) => type === 'review_replied')).toHaveLength(1);

    const reporter = await registerPatient(t);
    await t.http
      .post(`${API}/reviews/${reviewId}/report`)
      .set(bearer(reporter.accessToken))
      .send({ reason: 'spam' })
      .expect(200);
    expect(await inbox(admin)).toContain('review_reported');
    // Nobody else got them.
    expect(await inbox(reporter)).not.toContain('review_reported');
  });
});
