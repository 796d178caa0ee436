import {
  adminEnv,
  API,
  bearer,
  bookRequest,
  createBookableDoctor,
  createDoctorRequest,
  INITIAL_DOCTOR_PASSWORD,
  login,
  slotAfter,
  type Account,
} from '../utils/api-journeys';
import { drainNotifications } from '../utils/notifications';
import { drainOutbox } from '../utils/outbox';
import { readableMail, startSmtpCapture, type SmtpCapture } from '../utils/smtp';
import { createTestApp, type TestApp } from '../utils/test-app';
import { EmailSenderService } from '../../src/modules/notifications/email-sender.service';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type { AuthTokensDto } from '../../src/modules/auth/dto/auth-tokens.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type {
  NotificationDto,
  PreferencesDto,
  UnsubscribedDto,
} from '../../src/modules/notifications/dto/notification.dto';
import type { UserResponseDto } from '../../src/modules/users/dto/user-response.dto';

const header = (raw: string, name: string): string | undefined =>
  new RegExp(`^${name}: (.*)$`, 'mi').exec(raw.replace(/\r\n[ \t]+/g, ' '))?.[1];

/** "Thu, 3 Dec 2026, 14:30" of an instant in India (UTC+05:30, no DST), computed by hand. */
const istClock = (at: Date): string => {
  const ist = new Date(at.getTime() + 330 * 60_000);
  const hh = String(ist.getUTCHours()).padStart(2, '0');
  const mm = String(ist.getUTCMinutes()).padStart(2, '0');
  return `${hh}:${mm}`;
};

describe('notification e-mails over SMTP (e2e)', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let down = false;
  let admin: Account;
  let doctor: Account;
  let patient: Account & { email: string };
  let env: Record<string, string>;

  const mailsTo = (email: string) => smtp.to(email);
  const register = async (name: string) => {
    const email = `p${Math.random().toString(36).slice(2)}@example.com`;
    const res = await t.http
      .post(`${API}/auth/register`)
      .send({ name, email, password: 'Str0ng-pass-phrase' })
      .expect(201);
    return {
      id: dataOf<AuthTokensDto>(res).user.id,
      accessToken: dataOf<AuthTokensDto>(res).accessToken,
      email,
    };
  };

  beforeAll(async () => {
    smtp = await startSmtpCapture({ refuse: () => down });
    const a = adminEnv();
    env = {
      ...a.env,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURE: 'false',
      SMTP_FROM: 'DocBook <no-reply@docbook.test>',
    };
    t = await createTestApp({ env });
    admin = await login(t, a.email);
    doctor = await createBookableDoctor(t, admin);
    patient = await register('Pat <b>Bold</b> & "Co"');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends the booking confirmation with escaped values, the patient’s local time and an invite', async () => {
    await t.http
      .patch(`${API}/users/me`)
      .set(bearer(patient.accessToken))
      .send({ timezone: 'Asia/Kolkata' })
      .expect(200);
    const invalid = await t.http
      .patch(`${API}/users/me`)
      .set(bearer(patient.accessToken))
      .send({ timezone: 'Mars/Olympus' })
      .expect(400);
    expect(errorOf(invalid).code).toBe('VALIDATION_FAILED');

    const at = slotAfter(72);
    const booked = await bookRequest(t, patient, doctor.id, at).expect(201);
    const sent = await drainNotifications(t);
    expect(sent).toMatchObject({ failed: 0 });
    const [mail] = mailsTo(patient.email);
    expect(mailsTo(patient.email)).toHaveLength(1);
    const text = readableMail(mail.raw);
    const subject = header(mail.raw, 'Subject') ?? '';
    expect(subject).toContain('Booking confirmed: Dr. Race Condition');
    expect(subject).toContain(`${istClock(at)} (Asia/Kolkata)`);
    // The doctor is in UTC; the patient reads India time.
    expect(text).toContain(`${istClock(at)} (Asia/Kolkata)`);
    // Escaped in the HTML part, verbatim in the plain-text part, never markup.
    expect(text).toContain('<p>Hello Pat &lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Co&quot;,</p>');
    expect(text).toContain('Hello Pat <b>Bold</b> & "Co",');
    expect(text).not.toContain('<p>Hello Pat <b>');
    expect(text).toMatch(/Content-Type: text\/calendar; ?charset=utf-8; ?method=REQUEST/i);
    expect(text).toContain(
      `UID:appointment-${dataOf<AppointmentResponseDto>(booked).id}@localhost`,
    );
    expect(text).toContain(`DTSTART:${at.toISOString().replace(/[-:]/g, '').replace('.000', '')}`);
    expect(header(mail.raw, 'Message-ID')).toMatch(/^<[0-9a-f]{40}@localhost>$/);
    expect(header(mail.raw, 'List-Unsubscribe')).toContain(
      '/api/v1/notifications/unsubscribe?token=',
    );
    // No medical details: the doctor's speciality or the visit's reason never appear.
    expect(text).not.toContain('general-physician');

    // The unsubscribe link switches that type's e-mails off, and only that one.
    const link = /List-Unsubscribe: <([^>]+)>/.exec(text)?.[1] ?? '';
    const token = new URL(link).searchParams.get('token');
    const off = await t.http.post(`${API}/notifications/unsubscribe`).query({ token }).expect(200);
    expect(dataOf<UnsubscribedDto>(off)).toEqual({ type: 'booking_confirmed', channel: 'email' });
    const prefs = await t.http
      .get(`${API}/notifications/preferences`)
      .set(bearer(patient.accessToken))
      .expect(200);
    const item = (type: string) =>
      dataOf<PreferencesDto>(prefs).items.find((i: { type: string }) => i.type === type);
    expect(item('booking_confirmed')).toMatchObject({ inApp: true, email: false });
    expect(item('appointment_reminder')).toMatchObject({ inApp: true, email: true });
    const forged = await t.http
      .post(`${API}/notifications/unsubscribe`)
      .query({ token: `${token}x` })
      .expect(400);
    expect(errorOf(forged).code).toBe('UNSUBSCRIBE_TOKEN_INVALID');
  });

  it('cancellation by the doctor and a reschedule e-mail the patient with a CANCEL and an updated invite', async () => {
    const p = await register('Resa Chedule');
    const first = slotAfter(80);
    const booked = await bookRequest(t, p, doctor.id, first).expect(201);
    const moved = new Date(first.getTime() + 2 * 3_600_000);
    await t.http
      .post(`${API}/appointments/${dataOf<AppointmentResponseDto>(booked).id}/reschedule`)
      .set(bearer(p.accessToken))
      .send({ startsAt: moved.toISOString() })
      .expect(200);
    await drainNotifications(t);
    await t.http
      .post(`${API}/appointments/${dataOf<AppointmentResponseDto>(booked).id}/cancel`)
      .set(bearer(doctor.accessToken))
      .send({ reason: 'Diagnosis: something private' })
      .expect(200);
    await drainNotifications(t);
    const mails = mailsTo(p.email).map((m) => readableMail(m.raw));
    const subjects = mailsTo(p.email).map((m) => header(m.raw, 'Subject') ?? '');
    expect(subjects.map((s) => s.split(':')[0]).sort()).toEqual([
      'Booking confirmed',
      'Cancelled',
      'Rescheduled',
    ]);
    const rescheduled = mails[subjects.findIndex((s) => s.startsWith('Rescheduled'))];
    const cancelled = mails[subjects.findIndex((s) => s.startsWith('Cancelled'))];
    const uid = `UID:appointment-${dataOf<AppointmentResponseDto>(booked).id}@localhost`;
    expect(rescheduled).toContain(uid);
    expect(rescheduled).toMatch(/SEQUENCE:[1-9]\d*/);
    expect(rescheduled).toContain(`(UTC) to `);
    expect(cancelled).toContain(uid);
    expect(cancelled).toContain('METHOD:CANCEL');
    // The doctor's reason may hold medical details: it is not in the e-mail.
    expect(cancelled).not.toContain('Diagnosis');
  });

  it('SMTP down for a while: e-mails wait and go out once when it is back, none twice', async () => {
    const p = await register('Patient Waiting');
    down = true;
    try {
      await bookRequest(t, p, doctor.id, slotAfter(90)).expect(201);
      const now = Date.now();
      expect(await drainNotifications(t)).toMatchObject({ sent: 0, failed: 1 });
      // Not due again until the backoff passed.
      expect(await t.get(EmailSenderService).sendDue(new Date(now + 500))).toMatchObject({
        failed: 0,
      });
      expect(await t.get(EmailSenderService).sendDue(new Date(now + 60_000))).toMatchObject({
        failed: 1,
      });
      expect(mailsTo(p.email)).toHaveLength(0);
      const row = await t.connection
        .collection('notification_emails')
        .findOne({ type: 'booking_confirmed', status: 'pending', attempts: 2 });
      expect(row?.lastError).toBeTruthy();
    } finally {
      down = false;
    }
    expect(await t.get(EmailSenderService).sendDue(new Date(Date.now() + 120_000))).toMatchObject({
      sent: 1,
      failed: 0,
    });
    expect(await t.get(EmailSenderService).sendDue(new Date(Date.now() + 3_600_000))).toMatchObject(
      { sent: 0 },
    );
    await drainOutbox(t);
    expect(mailsTo(p.email)).toHaveLength(1);
  });

  it('two app instances: one notification and one e-mail per event', async () => {
    const t2 = await createTestApp({ env, mongodbUri: t.config.MONGODB_URI });
    try {
      const people = await Promise.all([0, 1, 2, 3].map((i) => register(`Twin ${i}`)));
      const base = slotAfter(120);
      for (const [i, p] of people.entries()) {
        await bookRequest(t, p, doctor.id, new Date(base.getTime() + i * 3_600_000)).expect(201);
      }
      await Promise.all([
        drainNotifications(t),
        drainNotifications(t2),
        drainNotifications(t),
        drainNotifications(t2),
      ]);
      await Promise.all([drainNotifications(t), drainNotifications(t2)]);
      for (const p of people) {
        expect(mailsTo(p.email)).toHaveLength(1);
        const inbox = await t2.http
          .get(`${API}/notifications`)
          .set(bearer(p.accessToken))
          .expect(200);
        expect(pageOf<NotificationDto>(inbox).total).toBe(1);
      }
    } finally {
      await t2.close({ dropDatabase: false });
    }
  });

  it('an essential e-mail cannot be switched off (422), and an unknown type is refused (400)', async () => {
    const locked = await t.http
      .put(`${API}/notifications/preferences`)
      .set(bearer(patient.accessToken))
      .send({ items: [{ type: 'payment_received', inApp: true, email: false }] })
      .expect(422);
    expect(errorOf(locked).code).toBe('NOTIFICATION_PREFERENCE_LOCKED');
    const unknown = await t.http
      .put(`${API}/notifications/preferences`)
      .set(bearer(patient.accessToken))
      .send({ items: [{ type: 'nope', inApp: true, email: false }] })
      .expect(400);
    expect(errorOf(unknown).code).toBe('UNKNOWN_NOTIFICATION_TYPE');
  });

  it('an admin-created doctor gets a welcome e-mail whose link sets the password and clears PASSWORD_CHANGE_REQUIRED', async () => {
    const email = `dr${Math.random().toString(36).slice(2)}@example.com`;
    await createDoctorRequest(t, admin, email).expect(201);
    await drainNotifications(t);
    const mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(header(mails[0].raw, 'Subject')).toBe('Welcome to DocBook: set your password');
    const text = readableMail(mails[0].raw);
    expect(text).not.toContain(INITIAL_DOCTOR_PASSWORD);
    expect(header(mails[0].raw, 'List-Unsubscribe')).toBeUndefined();
    const token = /reset-password\?token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(token).toBeDefined();
    const before = await login(t, email, INITIAL_DOCTOR_PASSWORD);
    const pending = await t.http
      .get(`${API}/doctors/me/schedule`)
      .set(bearer(before.accessToken))
      .expect(403);
    expect(errorOf(pending).code).toBe('PASSWORD_CHANGE_REQUIRED');
    await t.http
      .post(`${API}/auth/password/reset`)
      .send({ token, newPassword: 'Welcome-chosen-pass-1' })
      .expect(200);
    const after = await login(t, email, 'Welcome-chosen-pass-1');
    expect(after.accessToken).toBeTruthy();
    const me = await t.http.get(`${API}/users/me`).set(bearer(after.accessToken)).expect(200);
    expect(dataOf<UserResponseDto>(me).mustChangePassword).toBe(false);
  });
});
