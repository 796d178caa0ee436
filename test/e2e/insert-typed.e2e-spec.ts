import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { insertTyped } from '../../src/common/persistence/insert-typed';
import { TransactionRunner } from '../../src/database/transaction-runner';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import { AppointmentStatus } from '../../src/modules/appointments/domain/appointment-status';
import { Appointment } from '../../src/modules/appointments/schemas/appointment.schema';
import { OutboxService } from '../../src/modules/outbox/outbox.service';
import { OutboxDelivery } from '../../src/modules/outbox/schemas/outbox-delivery.schema';
import { OutboxEvent } from '../../src/modules/outbox/schemas/outbox-event.schema';
import {
  adminEnv,
  API,
  bearer,
  bookRequest,
  createBookableDoctor,
  login,
  registerPatient,
  slotAfter,
} from '../utils/api-journeys';
import { dataOf } from '../utils/responses';
import { createTestApp, type TestApp } from '../utils/test-app';

/**
 * insertTyped skips Mongoose's casting and validators for documents the code builds with the
 * schema's types. This proves, on a real replica set, that it stores what Model.create stores,
 * and that what a booking made through the public API stores is exactly what the schema would
 * have cast and accepted, for every model booking writes this way.
 */
describe('insertTyped (e2e)', () => {
  let t: TestApp;
  let appointments: Model<Appointment>;
  let events: Model<OutboxEvent>;
  let deliveries: Model<OutboxDelivery>;
  let adminEmail: string;

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env: { ...env, PAYMENT_MODE: 'clinic' } });
    appointments = t.app.get(getModelToken(Appointment.name));
    events = t.app.get(getModelToken(OutboxEvent.name));
    deliveries = t.app.get(getModelToken(OutboxDelivery.name));
    adminEmail = email;
  });

  afterAll(() => t.close());

  const appointment = (startsAt: Date) => ({
    doctorId: new Types.ObjectId(),
    patientId: new Types.ObjectId(),
    startsAt,
    endsAt: new Date(startsAt.getTime() + 30 * 60_000),
    status: AppointmentStatus.Confirmed,
    holdExpiresAt: null,
    feeAmount: 5000,
    currency: 'USD',
    paymentState: 'pay_at_clinic' as const,
    paidAmount: 0,
    patient: {
      name: 'Ravi K',
      email: 'ravi@example.com',
      phone: null,
      imageUrl: null,
      dateOfBirth: null,
    },
    doctor: {
      name: 'Dr Ada',
      speciality: 'general-physician',
      specialityName: 'General physician',
      degree: 'MBBS',
      imageUrl: null,
      timezone: 'Asia/Kolkata',
      address: { line1: '1 Main St', line2: '' },
    },
    history: [
      {
        status: AppointmentStatus.Confirmed,
        at: startsAt,
        by: null,
        byRole: 'patient' as const,
        reason: null,
      },
    ],
    active: true as const,
  });

  const stored = async <T>(model: Model<T>, id: unknown) =>
    (await model.collection.findOne({ _id: id as Types.ObjectId })) as Record<string, unknown>;

  const withoutIdentity = (doc: Record<string, unknown>) => {
    const { _id, createdAt, updatedAt, ...rest } = doc;
    return { rest, _id, createdAt, updatedAt };
  };

  /**
   * The schema's verdict on a stored document: validation passes, and casting changes no value
   * (castObject leaves out null fields, which must then be null in the document).
   */
  async function expectSchemaAgrees<T>(model: Model<T>, doc: Record<string, unknown>) {
    const cast = (await model.validate({ ...doc })) as Record<string, unknown>;
    const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
    const [castJson, docJson] = [json(cast), json(doc)];
    const nullsLeftOut = (c: Record<string, unknown>, d: Record<string, unknown>): void => {
      for (const [key, value] of Object.entries(d)) {
        if (!(key in c)) {
          expect({ [key]: value }).toEqual({ [key]: null });
        } else if (value && typeof value === 'object' && !Array.isArray(value)) {
          nullsLeftOut(c[key] as Record<string, unknown>, value as Record<string, unknown>);
        } else {
          expect({ [key]: c[key] }).toEqual({ [key]: value });
        }
      }
    };
    nullsLeftOut(castJson, docJson);
    expect(Object.keys(castJson).every((k) => k in docJson)).toBe(true);
  }

  it('stores an appointment as Model.create does', async () => {
    const [viaCreate] = await appointments.create([appointment(slotAfter(1_000))]);
    const [viaTyped] = await insertTyped<
      Appointment,
      'cancellation' | 'reminderSentAt' | 'rescheduledFrom' | 'refundedAmount'
    >(appointments, [appointment(slotAfter(1_001))]);
    const a = withoutIdentity(await stored(appointments, viaCreate._id));
    const b = withoutIdentity(await stored(appointments, viaTyped._id));
    const normalise = (rest: Record<string, unknown>) => ({
      ...rest,
      doctorId: 'id',
      patientId: 'id',
      startsAt: 'start',
      endsAt: 'end',
      doctor: { ...(rest.doctor as object), address: 'address' },
      history: (rest.history as Array<Record<string, unknown>>).map((h) => ({ ...h, at: 'at' })),
    });
    expect(normalise(b.rest)).toEqual(normalise(a.rest));
    // The same fields, the version key among them (their order differs: defaults come after
    // the given fields; nothing in this app matches whole top-level documents).
    expect(Object.keys(b.rest).sort()).toEqual(Object.keys(a.rest).sort());
    expect(b.rest.__v).toBe(0);
    expect(b._id).toBeInstanceOf(Types.ObjectId);
    expect(b.createdAt).toBeInstanceOf(Date);
    expect(b.updatedAt).toEqual(b.createdAt);
    // The returned record is what was stored.
    expect(viaTyped).toEqual(await stored(appointments, viaTyped._id));
  });

  it('stores outbox events and deliveries as Model.create does, in the caller transaction', async () => {
    const tx = t.app.get(TransactionRunner);
    const occurredAt = new Date('2031-03-06T09:00:00Z');
    const event = {
      name: 'appointment.booked',
      payload: { a: 1, nested: { b: [1, 2] } },
      occurredAt,
    };
    const [created] = await events.create([event]);
    const [typed] = await tx.run((session) => insertTyped(events, [event], session));
    expect(withoutIdentity(await stored(events, typed._id)).rest).toEqual(
      withoutIdentity(await stored(events, created._id)).rest,
    );
    // No dedupe key: the field is absent, not null (the sparse unique index skips it).
    expect('key' in (await stored(events, typed._id))).toBe(false);

    const delivery = (handler: string) => ({
      eventId: typed._id,
      event: event.name,
      handler,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: occurredAt,
      claim: null,
      lastError: null,
      doneAt: null,
    });
    const [viaCreate] = await deliveries.insertMany([delivery('created.one')]);
    const viaTyped = await insertTyped(deliveries, [delivery('typed.one'), delivery('typed.two')]);
    expect(viaTyped).toHaveLength(2);
    const c = withoutIdentity(await stored(deliveries, viaCreate._id));
    for (const row of viaTyped) {
      const d = withoutIdentity(await stored(deliveries, row._id));
      expect({ ...d.rest, handler: 'h' }).toEqual({ ...c.rest, handler: 'h' });
      expect(d.createdAt).toBeInstanceOf(Date);
    }
  });

  it('rolls back with the transaction it was written in', async () => {
    const tx = t.app.get(TransactionRunner);
    const _id = new Types.ObjectId();
    const occurredAt = new Date('2031-03-07T09:00:00Z');
    await expect(
      tx.run(async (session) => {
        await insertTyped(events, [{ _id, name: 'rolled.back', payload: {}, occurredAt }], session);
        expect(await events.collection.countDocuments({ _id }, { session })).toBe(1);
        throw new Error('domain error');
      }),
    ).rejects.toThrow('domain error');
    expect(await events.collection.countDocuments({ _id })).toBe(0);
  });

  it('a booking through the API stores documents the schemas accept unchanged', async () => {
    const admin = await login(t, adminEmail);
    const doctor = await createBookableDoctor(t, admin);
    const patient = await registerPatient(t, 'Meera Iyer');
    await t.http
      .patch(`${API}/users/me`)
      .set(bearer(patient.accessToken))
      .send({ phone: '+919876543210', dateOfBirth: '1990-04-01' })
      .expect(200);
    const before = Types.ObjectId.createFromTime(Math.floor(Date.now() / 1000) - 1);
    const res = await bookRequest(t, patient, doctor.id, slotAfter(30)).expect(201);
    const booked = dataOf<AppointmentResponseDto>(res);

    const row = await stored(appointments, new Types.ObjectId(booked.id));
    expect(row).toMatchObject({ status: 'confirmed', active: true, __v: 0 });
    await expectSchemaAgrees(appointments, row);

    // Read by _id (the only index that serves "the events written since"), then picked here.
    const recent = await events.collection.find({ _id: { $gt: before } }).toArray();
    const event = recent.find(
      (e) =>
        e.name === 'appointment.booked' &&
        (e.payload as { appointmentId?: string }).appointmentId === booked.id,
    ) as Record<string, unknown> | undefined;
    expect(event).toBeDefined();
    await expectSchemaAgrees(events, event!);
    // Booking wrote the event alone, naming its handlers; the relay's fan-out writes deliveries.
    expect((event!.fanOut as string[]).length).toBeGreaterThan(0);
    expect(await deliveries.collection.countDocuments({ eventId: event!._id })).toBe(0);
    await t.get(OutboxService).fanOut();
    const rows = await deliveries.collection.find({ eventId: event!._id }).toArray();
    expect(rows.map((d) => String(d.handler)).sort()).toEqual(
      [...(event!.fanOut as string[])].sort(),
    );
    for (const d of rows) {
      await expectSchemaAgrees(deliveries, d as Record<string, unknown>);
    }
  });
});
