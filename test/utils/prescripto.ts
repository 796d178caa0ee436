import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import type { Response } from 'supertest';
import { PASSWORD, PNG, uniqueEmail } from './api-journeys';
import type { TestApp } from './test-app';

// The Prescripto clients' requests, sent the way they send them: tokens in `token` / `atoken` /
// `dtoken` headers, multipart forms with JSON strings inside, slotDate "d_m_yyyy".

export const ORIGIN = 'http://localhost:5173';
export const IST = 'Asia/Kolkata';

export const patientHeader = (token: string) => ({ token });
export const adminHeader = (token: string) => ({ atoken: token });
export const doctorHeader = (token: string) => ({ dtoken: token });

/** Every compatibility answer is a 200; this returns its body. */
export function ok200(
  res: Response,
): Record<string, unknown> & { success: boolean; message?: string } {
  if (res.status !== 200) {
    throw new Error(`expected 200, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as Record<string, unknown> & { success: boolean; message?: string };
}

export async function prescriptoLogin(
  t: TestApp,
  who: 'user' | 'admin' | 'doctor',
  email: string,
  password = PASSWORD,
): Promise<string> {
  const body = ok200(await t.http.post(`/api/${who}/login`).send({ email, password }));
  if (!body.success) {
    throw new Error(`login failed: ${JSON.stringify(body)}`);
  }
  return body.token as string;
}

export async function prescriptoRegister(
  t: TestApp,
  name = 'Ravi Kumar',
): Promise<{ email: string; token: string }> {
  const email = uniqueEmail('prescripto');
  const body = ok200(
    await t.http.post('/api/user/register').send({ name, email, password: PASSWORD }),
  );
  if (!body.success) {
    throw new Error(`register failed: ${JSON.stringify(body)}`);
  }
  return { email, token: body.token as string };
}

export interface AddDoctorFields {
  name?: string;
  email?: string;
  password?: string;
  speciality?: string;
  fees?: string;
  experience?: string;
}

/** Prescripto's AddDoctor page: a multipart form with the image and a JSON address. */
export function addDoctorRequest(
  t: TestApp,
  atoken: string,
  fields: AddDoctorFields = {},
  image = true,
) {
  const req = t.http
    .post('/api/admin/add-doctor')
    .set(adminHeader(atoken))
    .field('name', fields.name ?? 'Dr. Asha Rao')
    .field('email', fields.email ?? uniqueEmail('pdoctor'))
    .field('password', fields.password ?? PASSWORD)
    .field('experience', fields.experience ?? '4 Year')
    .field('fees', fields.fees ?? '500')
    .field('about', 'Family medicine.')
    .field('speciality', fields.speciality ?? 'General physician')
    .field('degree', 'MBBS')
    .field('address', JSON.stringify({ line1: '12 MG Road', line2: 'Bengaluru' }));
  return image ? req.attach('image', PNG, 'doc.png') : req;
}

/** Adds a doctor; returns its id (from all-doctors) and credentials. */
export async function addDoctor(
  t: TestApp,
  atoken: string,
  fields: AddDoctorFields = {},
): Promise<{ id: string; email: string; password: string }> {
  const email = fields.email ?? uniqueEmail('pdoctor');
  const body = ok200(await addDoctorRequest(t, atoken, { ...fields, email }));
  if (!body.success) {
    throw new Error(`add-doctor failed: ${JSON.stringify(body)}`);
  }
  const list = ok200(await t.http.get('/api/admin/all-doctors').set(adminHeader(atoken)));
  const found = (list.doctors as Array<{ _id: string; email: string }>).find(
    (d) => d.email === email,
  );
  if (!found) {
    throw new Error('added doctor not listed');
  }
  return { id: found._id, email, password: fields.password ?? PASSWORD };
}

/**
 * The n-th slot of Prescripto's grid (10:00-21:00 every 30 minutes) from tomorrow on, in the
 * doctor's zone, as the patient app sends it (en-US time).
 */
export function gridSlot(n: number, zone = IST): { slotDate: string; slotTime: string; at: Date } {
  const perDay = 22;
  const day = DateTime.now()
    .setZone(zone)
    .startOf('day')
    .plus({ days: 1 + Math.floor(n / perDay) });
  const at = day.set({ hour: 10 }).plus({ minutes: 30 * (n % perDay) });
  return {
    slotDate: `${at.day}_${at.month}_${at.year}`,
    slotTime: at.toFormat('hh:mm a', { locale: 'en-US' }),
    at: at.toJSDate(),
  };
}

export function bookRequest(
  t: TestApp,
  token: string,
  docId: string,
  slot: { slotDate: string; slotTime: string },
) {
  return t.http
    .post('/api/user/book-appointment')
    .set(patientHeader(token))
    .send({ docId, slotDate: slot.slotDate, slotTime: slot.slotTime });
}

export interface PrescriptoAppointment {
  _id: string;
  slotDate: string;
  slotTime: string;
  cancelled: boolean;
  payment: boolean;
  isCompleted: boolean;
  amount: number;
  docData: {
    name: string;
    image: string;
    speciality: string;
    address: { line1: string; line2: string };
  };
  userData: { name: string; image: string; dob: string };
}

export async function myAppointments(t: TestApp, token: string): Promise<PrescriptoAppointment[]> {
  const body = ok200(await t.http.get('/api/user/appointments').set(patientHeader(token)));
  return body.appointments as PrescriptoAppointment[];
}

/** The patient app's Razorpay flow: order, Checkout (the stand-in), verifyRazorpay. */
export async function payWithRazorpay(
  t: TestApp,
  razorpay: {
    pay(orderId: string): { id: string };
    checkoutSignature(o: string, p: string): string;
  },
  token: string,
  appointmentId: string,
): Promise<Record<string, unknown>> {
  const created = ok200(
    await t.http
      .post('/api/user/payment-razorpay')
      .set(patientHeader(token))
      .send({ appointmentId }),
  );
  if (!created.success) {
    throw new Error(`payment-razorpay failed: ${JSON.stringify(created)}`);
  }
  const orderId = (created.order as { id: string }).id;
  const paid = razorpay.pay(orderId);
  return ok200(
    await t.http
      .post('/api/user/verifyRazorpay')
      .set(patientHeader(token))
      .send({
        razorpay_order_id: orderId,
        razorpay_payment_id: paid.id,
        razorpay_signature: razorpay.checkoutSignature(orderId, paid.id),
      }),
  );
}

/**
 * Time passes until the visit has started: the one step tests take in the database, since the
 * app has no clock to move. Only the start and end move.
 */
export async function startVisit(
  t: TestApp,
  appointmentId: string,
  minutesAgo = 10,
): Promise<void> {
  const start = new Date(Math.floor((Date.now() - minutesAgo * 60_000) / 60_000) * 60_000);
  await t.connection
    .collection('appointments')
    .updateOne(
      { _id: new Types.ObjectId(appointmentId) },
      { $set: { startsAt: start, endsAt: new Date(start.getTime() + 30 * 60_000) } },
    );
}
