import { AppointmentEvents } from '../../src/modules/appointments/appointments.events';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Types } from 'mongoose';
import type { Response } from 'supertest';
import { Role } from '../../src/common/auth/role.enum';
import { AppointmentStatus } from '../../src/modules/appointments/domain/appointment-status';
import {
  Appointment,
  type PaymentState,
} from '../../src/modules/appointments/schemas/appointment.schema';
import { UsersService } from '../../src/modules/users/users.service';
import { OutboxService } from '../../src/modules/outbox/outbox.service';
import type { TestApp } from '../utils/test-app';
import { createDoctor, type DoctorOverrides, type TestDoctor } from './doctors.factory';
import { bearer, DEFAULT_PASSWORD, login, uniqueEmail, type TestUser } from './users.factory';
import { API } from '../utils/http';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Interval = { start: string; end: string };
type Weekly = Partial<Record<(typeof WEEKDAYS)[number], Interval[]>>;

/** Every day open around the clock. */
export const ALL_DAY: Weekly = Object.fromEntries(
  WEEKDAYS.map((d) => [d, [{ start: '00:00', end: '24:00' }]]),
);

export interface ScheduleOptions {
  weekly?: Weekly;
  slotMinutes?: number;
  bufferMinutes?: number;
  minNoticeMinutes?: number;
  maxAdvanceDays?: number;
}

/** Replaces the doctor's schedule (as the doctor). Defaults: open all day, 30-min slots. */
export async function setSchedule(
  t: TestApp,
  doctor: TestDoctor,
  options: ScheduleOptions = {},
): Promise<void> {
  const res = await t.http
    .put(`${API}/doctors/me/schedule`)
    .set(bearer(doctor.accessToken))
    .send({
      slotMinutes: options.slotMinutes ?? 30,
      bufferMinutes: options.bufferMinutes ?? 0,
      minNoticeMinutes: options.minNoticeMinutes ?? 60,
      maxAdvanceDays: options.maxAdvanceDays ?? 30,
      weekly: options.weekly ?? ALL_DAY,
    });
  if (res.status !== 200) {
    throw new Error(`setSchedule failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Marks a local date as a day off. */
export async function setDayOff(t: TestApp, doctor: TestDoctor, date: string): Promise<void> {
  const res = await t.http
    .put(`${API}/doctors/me/schedule/overrides/${date}`)
    .set(bearer(doctor.accessToken))
    .send({ intervals: [], reason: 'Leave' });
  if (res.status !== 200) {
    throw new Error(`setDayOff failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** A bookable doctor in UTC (so slot instants are easy to write) with an open schedule. */
export async function createBookableDoctor(
  t: TestApp,
  overrides: DoctorOverrides = {},
  schedule: ScheduleOptions = {},
): Promise<TestDoctor> {
  const doctor = await createDoctor(t, { timezone: 'UTC', ...overrides });
  await setSchedule(t, doctor, schedule);
  return doctor;
}

export { slotAfter } from '../utils/slots';

export function bookRequest(
  t: TestApp,
  patient: { accessToken: string },
  doctorId: string,
  startsAt: Date | string,
  idempotencyKey?: string,
) {
  const req = t.http
    .post(`${API}/appointments`)
    .set(bearer(patient.accessToken))
    .send({
      doctorId,
      startsAt: typeof startsAt === 'string' ? startsAt : startsAt.toISOString(),
    });
  return idempotencyKey === undefined ? req : req.set('Idempotency-Key', idempotencyKey);
}

/** Books over HTTP; fails unless the API answers 201. Returns the appointment DTO. */
export async function book(
  t: TestApp,
  patient: { accessToken: string },
  doctorId: string,
  startsAt: Date,
): Promise<AppointmentDto> {
  const res: Response = await bookRequest(t, patient, doctorId, startsAt);
  if (res.status !== 201) {
    throw new Error(`book failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body.data as AppointmentDto;
}

/** What the API answers for an appointment: the real response DTO, not a copy of it. */
export type AppointmentDto = AppointmentResponseDto;

/**
 * Many patients at once, cheaply: accounts straight through UsersService (BCRYPT_ROUNDS is 4 in
 * tests), then a real login each, a few at a time.
 */
export async function createPatients(
  t: TestApp,
  count: number,
  concurrency = 16,
): Promise<TestUser[]> {
  const users = t.get(UsersService);
  const out: TestUser[] = new Array<TestUser>(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const email = uniqueEmail(`p${i}`);
      const user = await users.createAccount(
        { name: `Patient ${i}`, email, password: DEFAULT_PASSWORD },
        Role.Patient,
      );
      const tokens = await login(t, email, DEFAULT_PASSWORD);
      out[i] = {
        id: user._id.toHexString(),
        email,
        password: DEFAULT_PASSWORD,
        ...tokens,
        role: Role.Patient,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return out;
}

export function appointmentModel(t: TestApp): Model<Appointment> {
  return t.get<Model<Appointment>>(getModelToken(Appointment.name) as never);
}

export interface InsertAppointmentInput {
  doctorId: string;
  patientId: string;
  startsAt: Date;
  minutes?: number;
  status?: AppointmentStatus;
  paymentState?: PaymentState;
  paidAmount?: number;
  holdExpiresAt?: Date | null;
}

/**
 * Writes an appointment straight into the collection, for states the API cannot create
 * (e.g. one that already started). Active statuses carry `active: true` like real bookings.
 */
export async function insertAppointment(
  t: TestApp,
  input: InsertAppointmentInput,
): Promise<string> {
  const status = input.status ?? AppointmentStatus.Confirmed;
  const active = status === AppointmentStatus.Pending || status === AppointmentStatus.Confirmed;
  const [doc] = await appointmentModel(t).create([
    {
      doctorId: new Types.ObjectId(input.doctorId),
      patientId: new Types.ObjectId(input.patientId),
      startsAt: input.startsAt,
      endsAt: new Date(input.startsAt.getTime() + (input.minutes ?? 30) * 60_000),
      status,
      ...(active ? { active: true } : {}),
      holdExpiresAt: input.holdExpiresAt ?? null,
      feeAmount: 50000,
      currency: 'INR',
      paymentState: input.paymentState ?? 'pay_at_clinic',
      paidAmount: input.paidAmount ?? 0,
      patient: { name: 'Seeded Patient', email: 'seeded@example.com' },
      doctor: { name: 'Dr. Seeded', speciality: 'general-physician', timezone: 'UTC' },
      history: [{ status, at: new Date(), by: null, byRole: 'system', reason: 'seeded' }],
    },
  ]);
  return doc._id.toHexString();
}

export type Captured = { name: string; payload: Record<string, unknown> };

/**
 * Records every appointment domain event the app publishes, as an outbox handler would see it:
 * events appear once the outbox is drained (`drainOutbox`), in publishing order.
 */
export function captureAppointmentEvents(t: TestApp): Captured[] {
  const seen: Captured[] = [];
  const outbox = t.get(OutboxService);
  for (const name of Object.values(AppointmentEvents)) {
    outbox.subscribe(name, `test.capture.${name}`, async (payload) => {
      seen.push({ name, payload: { ...payload } });
    });
  }
  return seen;
}
