import * as ical from 'node-ical';
import type { VEvent } from 'node-ical';
import {
  adminEnv,
  API,
  bearer,
  bookRequest,
  createBookableDoctor,
  login,
  PASSWORD,
  registerPatient,
  slotAfter,
  type Account,
} from '../utils/api-journeys';
import { winningPlanStages } from '../utils/explain';
import { drainOutbox } from '../utils/outbox';
import { createTestApp, type TestApp } from '../utils/test-app';
import { AppointmentsRepository } from '../../src/modules/appointments/appointments.repository';
import { dataOf, errorOf } from '../utils/responses';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type {
  CalendarFeedResponseDto,
  CalendarFeedRevokedDto,
} from '../../src/modules/calendar/dto/calendar-feed.dto';

const icsTime = (at: Date): string =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

describe('calendar feeds (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let doctor: Account;
  let patient: Account;
  let appointmentId: string;
  let firstStart: Date;
  let secondStart: Date;
  let patientToken: string;
  let domain: string;

  const createFeed = (user: Account) =>
    t.http.post(`${API}/calendar/feed`).set(bearer(user.accessToken));
  const getFeed = (token: string) => t.http.get(`${API}/calendar/${token}.ics`);
  const eventsOf = (body: string): VEvent[] =>
    Object.values(ical.sync.parseICS(body)).filter((c): c is VEvent => c?.type === 'VEVENT');
  const uid = (id: string) => `appointment-${id}@${domain}`;

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env });
    admin = await login(t, email);
    doctor = await createBookableDoctor(t, admin);
    patient = await registerPatient(t, 'Cal Feed Patient');
    firstStart = slotAfter(3);
    secondStart = slotAfter(6);
    const booked = await bookRequest(t, patient, doctor.id, firstStart).expect(201);
    appointmentId = dataOf<AppointmentResponseDto>(booked).id;
    const created = await createFeed(patient).expect(200);
    patientToken = dataOf<CalendarFeedResponseDto>(created).token;
    domain = new URL(dataOf<CalendarFeedResponseDto>(created).url).hostname;
  }, 60_000);
  afterAll(() => t.close());

  it('creates a feed URL with a 256-bit base64url token', async () => {
    const res = await createFeed(doctor).expect(200);
    expect(dataOf<CalendarFeedResponseDto>(res).token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(dataOf<CalendarFeedResponseDto>(res).url).toMatch(
      new RegExp(`/api/v1/calendar/${dataOf<CalendarFeedResponseDto>(res).token}\\.ics$`),
    );
  });

  it("serves the patient's appointment: stable UID, UTC times, no medical details", async () => {
    const res = await getFeed(patientToken).expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(res.text).toContain(`DTSTART:${icsTime(firstStart)}\r\n`);
    const [event] = eventsOf(res.text);
    expect(event.uid).toBe(uid(appointmentId));
    expect(event.start.toISOString()).toBe(firstStart.toISOString());
    expect(event.summary).toBe('Appointment with Dr. Race Condition');
    expect(Number(event.sequence)).toBe(0);
    expect(res.text).not.toMatch(/DESCRIPTION|LOCATION|general-physician|MBBS|Cal Feed Patient/);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await getFeed(patientToken).expect(200);
    const again = await getFeed(patientToken).set('If-None-Match', first.headers.etag).expect(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    await getFeed(patientToken).set('If-None-Match', '"something-else"').expect(200);
  });

  it("shows the doctor's schedule without the patient's details", async () => {
    const { token } = dataOf<CalendarFeedResponseDto>(await createFeed(doctor).expect(200));
    const res = await getFeed(token).expect(200);
    const events = eventsOf(res.text);
    expect(events).toHaveLength(1);
    expect(events[0].uid).toBe(uid(appointmentId));
    expect(events[0].summary).toBe('Patient appointment');
    expect(res.text).not.toContain('Cal Feed Patient');
  });

  it('keeps the UID across a reschedule, bumps SEQUENCE and moves the time', async () => {
    const before = await getFeed(patientToken).expect(200);
    await t.http
      .post(`${API}/appointments/${appointmentId}/reschedule`)
      .set(bearer(patient.accessToken))
      .send({ startsAt: secondStart.toISOString() })
      .expect(200);
    // The body changed, so the old validator no longer matches.
    const res = await getFeed(patientToken).set('If-None-Match', before.headers.etag).expect(200);
    const [event] = eventsOf(res.text);
    expect(event.uid).toBe(uid(appointmentId));
    expect(Number(event.sequence)).toBe(1);
    expect(event.start.toISOString()).toBe(secondStart.toISOString());
  });

  it('keeps a cancelled appointment as STATUS:CANCELLED, without the reason', async () => {
    await t.http
      .post(`${API}/appointments/${appointmentId}/cancel`)
      .set(bearer(patient.accessToken))
      .send({ reason: 'Knee surgery follow-up' })
      .expect(200);
    const res = await getFeed(patientToken).expect(200);
    const [event] = eventsOf(res.text);
    expect(event.uid).toBe(uid(appointmentId));
    expect(event.status).toBe('CANCELLED');
    expect(Number(event.sequence)).toBe(2);
    expect(res.text).not.toContain('Knee');
  });

  it('reads the feed with one index range scan (notablescan)', async () => {
    const plan = await t.app
      .get(AppointmentsRepository)
      .explainCalendar({ patientId: patient.id }, new Date(Date.now() - 86_400_000), 500);
    const stages = winningPlanStages(plan);
    expect(stages.map((st) => st.stage)).not.toContain('COLLSCAN');
    expect(stages.some((st) => st.stage === 'IXSCAN' && st.indexName === 'patient_starts')).toBe(
      true,
    );
  });

  it('regenerating invalidates the old token; DELETE revokes (idempotently)', async () => {
    const other = await registerPatient(t);
    const first = dataOf<CalendarFeedResponseDto>(await createFeed(other).expect(200)).token;
    await getFeed(first).expect(200);
    const second = dataOf<CalendarFeedResponseDto>(await createFeed(other).expect(200)).token;
    expect(second).not.toBe(first);
    const gone = await getFeed(first).expect(404);
    expect(errorOf(gone).code).toBe('CALENDAR_FEED_NOT_FOUND');
    const empty = await getFeed(second).expect(200);
    expect(eventsOf(empty.text)).toHaveLength(0);

    const del = await t.http
      .delete(`${API}/calendar/feed`)
      .set(bearer(other.accessToken))
      .expect(200);
    expect(dataOf<CalendarFeedRevokedDto>(del)).toEqual({ revoked: true });
    expect(errorOf(await getFeed(second).expect(404)).code).toBe('CALENDAR_FEED_NOT_FOUND');
    const again = await t.http
      .delete(`${API}/calendar/feed`)
      .set(bearer(other.accessToken))
      .expect(200);
    expect(dataOf<CalendarFeedRevokedDto>(again)).toEqual({ revoked: false });
  });

  it("revokes a deleted account's feed (user.deactivated)", async () => {
    const leaving = await registerPatient(t);
    const { token } = dataOf<CalendarFeedResponseDto>(await createFeed(leaving).expect(200));
    await getFeed(token).expect(200);
    await t.http
      .delete(`${API}/users/me`)
      .set(bearer(leaving.accessToken))
      .send({ password: PASSWORD })
      .expect(200);
    await drainOutbox(t);
    expect(errorOf(await getFeed(token).expect(404)).code).toBe('CALENDAR_FEED_NOT_FOUND');
  });

  it('rejects missing auth, admins and bad tokens', async () => {
    expect(errorOf(await t.http.post(`${API}/calendar/feed`).expect(401)).code).toBe(
      'UNAUTHORIZED',
    );
    expect(errorOf(await t.http.delete(`${API}/calendar/feed`).expect(401)).code).toBe(
      'UNAUTHORIZED',
    );
    expect(errorOf(await createFeed(admin).expect(403)).code).toBe('FORBIDDEN_ROLE');
    for (const bad of ['nope', 'A'.repeat(43), 'A'.repeat(500)]) {
      expect(errorOf(await getFeed(bad).expect(404)).code).toBe('CALENDAR_FEED_NOT_FOUND');
    }
  });

  it('rate limits the public route per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await getFeed('A'.repeat(43))).status);
    }
    expect(statuses).toContain(429);
  });
});
