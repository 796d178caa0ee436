import { Types } from 'mongoose';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { Role } from '../../src/common/auth/role.enum';
import { AppointmentJobsService } from '../../src/modules/appointments/appointment-jobs.service';
import { AppointmentsService } from '../../src/modules/appointments/appointments.service';
import { BookingService } from '../../src/modules/appointments/booking.service';
import { ReminderJob } from '../../src/modules/jobs/reminder.job';
import { EmailSenderService } from '../../src/modules/notifications/email-sender.service';
import { Mailer, type MailMessage } from '../../src/modules/notifications/mailer';
import { createPatients } from '../factories/appointments.factory';
import {
  adminEnv,
  API,
  bearer,
  bookRequest,
  createBookableDoctor,
  login,
  registerPatient,
  type Account,
} from '../utils/api-journeys';
import { drainNotifications } from '../utils/notifications';
import { drainOutbox } from '../utils/outbox';
import { createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, pageOf } from '../utils/responses';
import type { NotificationDto } from '../../src/modules/notifications/dto/notification.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';

const HOUR = 3_600_000;
const SLOT = 30 * 60_000;
const LEAD = 24 * HOUR;

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const slotAt = (ms: number): number => Math.ceil(ms / SLOT) * SLOT;

describe('appointment reminders (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let doctor: Account;
  const sent: MailMessage[] = [];

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env: { ...env, REMINDER_LEAD_HOURS: '24' } });
    admin = await login(t, email);
    doctor = await createBookableDoctor(t, admin);
    jest.spyOn(t.get(Mailer), 'send').mockImplementation(async (m) => {
      sent.push(m);
    });
  });
  afterAll(() => t.close());

  const inbox = async (who: Account) =>
    pageOf<NotificationDto>(
      await t.http.get(`${API}/notifications`).set(bearer(who.accessToken)).expect(200),
    ).items as { type: string; body: string }[];

  it('over HTTP: one reminder for the kept time; none inside the lead time, for an old time or a cancelled visit', async () => {
    const now = Date.now();
    const patient = await registerPatient(t, 'Rita Reminder');
    const kept = await bookRequest(t, patient, doctor.id, new Date(slotAt(now + 30 * HOUR))).expect(
      201,
    );
    const late = await registerPatient(t, 'Booked Late');
    await bookRequest(t, late, doctor.id, new Date(slotAt(now + 10 * HOUR))).expect(201);
    const moving = await registerPatient(t, 'Moe Ving');
    const moved = await bookRequest(t, moving, doctor.id, new Date(slotAt(now + 31 * HOUR))).expect(
      201,
    );
    const leaving = await registerPatient(t, 'Cass Cancel');
    const cancelled = await bookRequest(
      t,
      leaving,
      doctor.id,
      new Date(slotAt(now + 32 * HOUR)),
    ).expect(201);
    await drainNotifications(t);
    sent.length = 0;

    // Eight hours later all three are inside the lead time; the reminders are announced.
    const at = new Date(now + 9 * HOUR);
    expect((await t.get(ReminderJob).run(at)).reminded).toBe(4);
    await drainOutbox(t, at); // the reminder e-mails are written, not yet sent
    // Meanwhile one patient moves the visit and another cancels.
    const newStart = new Date(slotAt(now + 60 * HOUR));
    await t.http
      .post(`${API}/appointments/${dataOf<AppointmentResponseDto>(moved).id}/reschedule`)
      .set(bearer(moving.accessToken))
      .send({ startsAt: newStart.toISOString() })
      .expect(200);
    await t.http
      .post(`${API}/appointments/${dataOf<AppointmentResponseDto>(cancelled).id}/cancel`)
      .set(bearer(leaving.accessToken))
      .send({})
      .expect(200);
    await drainNotifications(t, at);
    const reminders = () => sent.filter((m) => m.subject.startsWith('Reminder:'));
    expect(reminders().map((m) => m.to)).toHaveLength(1);
    expect((await inbox(patient)).map((i) => i.type)).toEqual([
      'appointment_reminder',
      'booking_confirmed',
    ]);
    expect((await inbox(late)).map((i) => i.type)).toEqual(['booking_confirmed']);
    expect((await inbox(leaving)).map((i) => i.type)).not.toContain('appointment_reminder');

    // The job running again, on any instance, announces nothing new.
    expect((await t.get(ReminderJob).run(at)).reminded).toBe(0);
    await drainNotifications(t, at);
    expect(reminders()).toHaveLength(1);

    // The moved visit gets its reminder for the new time, once.
    const later = new Date(newStart.getTime() - 20 * HOUR);
    expect((await t.get(ReminderJob).run(later)).reminded).toBe(1);
    await drainNotifications(t, later);
    await drainNotifications(t, later);
    expect(reminders()).toHaveLength(2);
    const movedInbox = await inbox(moving);
    expect(movedInbox.filter((i) => i.type === 'appointment_reminder')).toHaveLength(1);
    expect(dataOf<AppointmentResponseDto>(kept).id).toBeDefined();
  });

  it('randomized: 1000 runs of book / reschedule / cancel / time passing never remind wrongly', async () => {
    const seed = Number(process.env.REMINDER_SEED ?? Date.now() % 1_000_000);
    const random = prng(seed);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
    const jobs = t.get(AppointmentJobsService);
    const booking = t.get(BookingService);
    const appointments = t.get(AppointmentsService);
    const sender = t.get(EmailSenderService);
    const col = t.connection.collection('appointments');
    const emails = t.connection.collection('notification_emails');
    const doctors = [];
    for (let i = 0; i < 3; i++) {
      doctors.push(await createBookableDoctor(t, admin));
    }
    const patients = await createPatients(t, 100);
    const asPatient = (id: string): AuthUser => ({
      id,
      role: Role.Patient,
      sessionId: 'test',
      email: 'x@example.com',
      passwordChangeRequired: false,
    });
    const asDoctor = (id: string): AuthUser => ({ ...asPatient(id), role: Role.Doctor });

    const start = Date.now();
    const RUNS = 1000;
    interface Model {
      id: string;
      patientId: string;
      doctorId: string;
      status: 'confirmed' | 'cancelled';
      startsAt: number;
      createdAt: number;
      /** Sim times of the changes this run makes: reschedules and maybe a cancellation. */
      plan: { at: number; op: 'reschedule' | 'cancel' }[];
    }
    const model = new Map<string, Model>();
    // Distinct slots per doctor, 3 h to 9 days ahead; booked up to 3 days before `start`.
    const taken = new Set<string>();
    const docs = [];
    for (let i = 0; i < RUNS; i++) {
      const d = pick(doctors);
      let s: number;
      do {
        s = slotAt(start + 3 * HOUR + random() * 9 * 24 * HOUR);
      } while (taken.has(`${d.id}|${s}`));
      taken.add(`${d.id}|${s}`);
      const p = patients[i % patients.length];
      const createdAt = start - random() * 3 * 24 * HOUR;
      const _id = new Types.ObjectId();
      const plan: Model['plan'] = [];
      const kind = random();
      const before = (frac: number) => start + (s - start) * frac;
      if (kind < 0.3) {
        plan.push({ at: before(random()), op: 'reschedule' });
        if (random() < 0.3) {
          plan.push({ at: before(0.5 + random() / 2), op: 'reschedule' });
        }
      } else if (kind < 0.55) {
        plan.push({ at: before(random()), op: 'cancel' });
      } else if (kind < 0.65) {
        plan.push({ at: before(random() / 2), op: 'reschedule' });
        plan.push({ at: before(0.5 + random() / 2), op: 'cancel' });
      }
      plan.sort((a, b) => a.at - b.at);
      model.set(_id.toHexString(), {
        id: _id.toHexString(),
        patientId: p.id,
        doctorId: d.id,
        status: 'confirmed',
        startsAt: s,
        createdAt,
        plan,
      });
      docs.push({
        _id,
        doctorId: new Types.ObjectId(d.id),
        patientId: new Types.ObjectId(p.id),
        startsAt: new Date(s),
        endsAt: new Date(s + SLOT),
        status: 'confirmed',
        active: true,
        holdExpiresAt: null,
        feeAmount: 50000,
        currency: 'INR',
        paymentState: 'pay_at_clinic',
        paidAmount: 0,
        patient: { name: `Patient ${i}`, email: p.email },
        doctor: { name: 'Dr. Race Condition', speciality: 'general-physician', timezone: 'UTC' },
        history: [{ status: 'confirmed', at: new Date(createdAt), by: null, byRole: 'system' }],
        reminderSentAt: null,
        rescheduledFrom: [],
        createdAt: new Date(createdAt),
        updatedAt: new Date(createdAt),
      });
    }
    await col.insertMany(docs);

    // Reminders of the HTTP journey above are not this run's.
    const seen = new Set<string>(
      (await emails.find({ status: 'sent', type: 'appointment_reminder' }).toArray()).map((r) =>
        r._id.toHexString(),
      ),
    );
    const earlier = seen.size;
    const wrong: string[] = [];
    const remindedFor = new Map<string, number[]>();
    /** Every reminder e-mail sent since the last look, checked against the model right now. */
    const reminderMails = () => sent.filter((m) => m.subject.startsWith('Reminder:')).length;
    const mailsBefore = reminderMails();
    let mailsChecked = mailsBefore;
    const check = async () => {
      if (reminderMails() === mailsChecked) {
        return;
      }
      mailsChecked = reminderMails();
      const rows = await emails.find({ status: 'sent', type: 'appointment_reminder' }).toArray();
      for (const r of rows) {
        const id = r._id.toHexString();
        if (seen.has(id)) {
          continue;
        }
        seen.add(id);
        const p = r.payload as { appointmentId: string; startsAt: Date };
        const m = model.get(p.appointmentId);
        const at = new Date(p.startsAt).getTime();
        if (!m || m.status !== 'confirmed' || m.startsAt !== at) {
          wrong.push(`${p.appointmentId}@${new Date(at).toISOString()} (${m?.status})`);
        }
        remindedFor.set(p.appointmentId, [...(remindedFor.get(p.appointmentId) ?? []), at]);
      }
    };
    const act = async (now: number) => {
      for (const m of model.values()) {
        while (m.plan.length > 0 && m.plan[0].at <= now) {
          const { op } = m.plan.shift()!;
          if (m.status !== 'confirmed' || m.startsAt <= now) {
            continue;
          }
          try {
            if (op === 'cancel') {
              const byDoctor = random() < 0.5;
              await appointments.cancel(
                byDoctor ? asDoctor(m.doctorId) : asPatient(m.patientId),
                m.id,
                byDoctor ? 'Doctor unavailable' : undefined,
                new Date(now),
              );
              m.status = 'cancelled';
            } else {
              const to = slotAt(now + 2 * HOUR + random() * 4 * 24 * HOUR);
              await booking.reschedule(
                asPatient(m.patientId),
                m.id,
                { startsAt: new Date(to).toISOString() },
                new Date(now),
              );
              m.startsAt = to;
            }
          } catch (err) {
            // A taken slot or the patient's own overlap: the visit stays as it was.
            const code = (err as { code?: string }).code;
            if (
              !['SLOT_TAKEN', 'PATIENT_OVERLAP', 'SLOT_NOT_OFFERED', 'SAME_SLOT'].includes(
                code ?? '',
              )
            ) {
              throw err;
            }
          }
        }
      }
    };

    // Time passes in steps under an hour (the job runs far more often in production), and the
    // changes land at random points between announcing, writing and sending a reminder.
    const end = start + 14 * 24 * HOUR;
    for (let now = start; now <= end; now += 15 * 60_000 + random() * 40 * 60_000) {
      const order = Math.floor(random() * 3);
      if (order === 0) {
        await act(now);
      }
      await jobs.sendDueReminders(new Date(now));
      if (order === 1) {
        await act(now);
      }
      await drainOutbox(t, new Date(now));
      if (order === 2) {
        await act(now);
      }
      await sender.sendDue(new Date(now));
      await check();
    }
    await drainOutbox(t, new Date(end));
    await sender.sendDue(new Date(end));
    await check();

    expect({ seed, wrong }).toEqual({ seed, wrong: [] });
    const problems: string[] = [];
    let kept = 0;
    for (const m of model.values()) {
      const forFinal = (remindedFor.get(m.id) ?? []).filter((s) => s === m.startsAt).length;
      if (m.status === 'cancelled') {
        // A reminder sent while it was still confirmed is right (checked above); one at most.
        if (forFinal > 1) {
          problems.push(`${m.id}: cancelled, ${forFinal} reminders for its time`);
        }
        continue;
      }
      const due = m.createdAt <= m.startsAt - LEAD;
      if (due) {
        kept += 1;
      }
      if (forFinal !== (due ? 1 : 0)) {
        problems.push(`${m.id}: ${forFinal} reminder(s) for its time, expected ${due ? 1 : 0}`);
      }
    }
    expect({ seed, problems }).toEqual({ seed, problems: [] });
    expect(kept).toBeGreaterThan(100);
    // Every sent row reached the mailer once.
    expect(reminderMails() - mailsBefore).toBe(seen.size - earlier);
  }, 600_000);
});
