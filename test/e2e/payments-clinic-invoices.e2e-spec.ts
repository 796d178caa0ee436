import { Types } from 'mongoose';
import { book, createBookableDoctor, slotAfter } from '../factories/appointments.factory';
import { createAdmin, type TestDoctor } from '../factories/doctors.factory';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { pdfText } from '../utils/pdf-text';
import { createTestApp, uniqueDatabaseUri, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type { PaymentResponseDto } from '../../src/modules/payments/dto/payment-response.dto';
import type { InvoiceResponseDto } from '../../src/modules/payments/dto/invoice-response.dto';

const A = `${API}/appointments`;
const base = new Date();
const slot = (hoursAhead: number): Date => slotAfter(hoursAhead, base);
const year = new Date().getUTCFullYear();

describe('pay at the clinic, invoices and the admin payments list (e2e)', () => {
  let t: TestApp;
  let t2: TestApp;
  let doctor: TestDoctor;
  let admin: TestUser;

  beforeAll(async () => {
    const mongodbUri = uniqueDatabaseUri();
    t = await createTestApp({ mongodbUri });
    t2 = await createTestApp({ mongodbUri });
    doctor = await createBookableDoctor(t, { name: 'Dr. Asha Rao', fee: 50000, currency: 'INR' });
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t2.close({ dropDatabase: false });
    await t.close();
  });

  const recordClinic = (app: TestApp, user: { accessToken: string }, id: string) =>
    app.http.post(`${A}/${id}/payments/clinic`).set(bearer(user.accessToken)).send();

  it('the doctor records a clinic payment once; it gets an invoice the patient can read', async () => {
    const patient = await registerPatient(t, { name: 'Meera Iyer' });
    const a = await book(t, patient, doctor.id, slot(30));
    expect(a).toMatchObject({ status: 'confirmed', paymentState: 'pay_at_clinic' });

    const forbidden = await recordClinic(t, patient, a.id).expect(403);
    expect(errorOf(forbidden).code).toBe('FORBIDDEN_ROLE');
    const otherDoctor = await createBookableDoctor(t);
    await recordClinic(t, otherDoctor, a.id).expect(404);

    const res = await recordClinic(t, doctor, a.id).expect(201);
    expect(dataOf<PaymentResponseDto>(res)).toMatchObject({
      provider: 'clinic',
      status: 'succeeded',
      amount: 50000,
      currency: 'INR',
      invoiceNumber: expect.stringMatching(new RegExp(`^INV-${year}-\\d{6}$`)),
    });
    const again = await recordClinic(t, doctor, a.id).expect(409);
    expect(errorOf(again).code).toBe('CLINIC_PAYMENT_ALREADY_RECORDED');

    const paymentId = dataOf<PaymentResponseDto>(res).id;
    const invoice = await t.http
      .get(`${API}/payments/${paymentId}/invoice`)
      .set(bearer(patient.accessToken))
      .expect(200);
    expect(dataOf<InvoiceResponseDto>(invoice)).toMatchObject({
      number: dataOf<PaymentResponseDto>(res).invoiceNumber,
      kind: 'invoice',
      patient: { name: 'Meera Iyer', email: patient.email },
      visit: { appointmentId: a.id, doctorName: 'Dr. Asha Rao' },
      amount: 50000,
      currency: 'INR',
      provider: 'clinic',
      creditNotes: [],
    });
    await t.http
      .get(`${API}/payments/${paymentId}/invoice`)
      .set(bearer(doctor.accessToken))
      .expect(200);
    const stranger = await registerPatient(t);
    await t.http
      .get(`${API}/payments/${paymentId}/invoice`)
      .set(bearer(stranger.accessToken))
      .expect(404);

    const pdf = await t.http
      .get(`${API}/payments/${paymentId}/invoice`)
      .set(bearer(patient.accessToken))
      .set('Accept', 'application/pdf')
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(body).join('\n');
    expect(text).toContain(`Invoice ${dataOf<PaymentResponseDto>(res).invoiceNumber}`);
    expect(text).toContain('Meera Iyer');
    expect(text).toContain('Dr. Asha Rao');
    expect(text).toContain('Amount: 500.00 INR');
  });

  it('numbers invoices gap-free and uniquely under concurrency on two instances', async () => {
    const bookings = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const p = await registerPatient(t);
        return book(t, p, doctor.id, slot(40 + i));
      }),
    );
    const responses = await Promise.all(
      bookings.map((a, i) => recordClinic(i % 2 ? t2 : t, doctor, a.id)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    const numbers = responses.map((r) => dataOf<PaymentResponseDto>(r).invoiceNumber as string);
    expect(new Set(numbers).size).toBe(8);
    const seqs = numbers.map((n) => Number(n.split('-')[2])).sort((x, y) => x - y);
    const first = seqs[0];
    expect(seqs).toEqual(seqs.map((_, i) => first + i));
  });

  it('admins list payments filtered by status, provider and date, through indexes', async () => {
    const all = await t.http
      .get(`${API}/admin/payments`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(pageOf<PaymentResponseDto>(all).total).toBeGreaterThanOrEqual(8);
    const filtered = await t.http
      .get(`${API}/admin/payments`)
      .query({
        status: 'succeeded',
        provider: 'clinic',
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
        limit: 5,
      })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(pageOf<PaymentResponseDto>(filtered).items).toHaveLength(5);
    expect(pageOf<PaymentResponseDto>(filtered).total).toBe(pageOf<PaymentResponseDto>(all).total);
    const none = await t.http
      .get(`${API}/admin/payments`)
      .query({ provider: 'stripe' })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(pageOf<PaymentResponseDto>(none).total).toBe(0);
    for (const query of [{ status: 'paid' }, { from: 'yesterday' }, { amount: '1' }]) {
      await t.http
        .get(`${API}/admin/payments`)
        .query(query)
        .set(bearer(admin.accessToken))
        .expect(400);
    }
    const patient = await registerPatient(t);
    await t.http.get(`${API}/admin/payments`).set(bearer(patient.accessToken)).expect(403);
    expect(Types.ObjectId.isValid(pageOf<PaymentResponseDto>(all).items[0].id)).toBe(true);
  });
});
