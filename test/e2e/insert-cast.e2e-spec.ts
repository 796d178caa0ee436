import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { insertCast } from '../../src/common/persistence/insert-cast';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { Appointment } from '../../src/modules/appointments/schemas/appointment.schema';
import { OutboxDelivery } from '../../src/modules/outbox/schemas/outbox-delivery.schema';
import { OutboxEvent } from '../../src/modules/outbox/schemas/outbox-event.schema';
import { createTestApp, type TestApp } from '../utils/test-app';

/**
 * insertCast stores what Model.create stores (same casting, defaults, timestamps, validation),
 * for the models booking writes with it, on a real replica set.
 */
describe('insertCast (e2e)', () => {
  let t: TestApp;
  let appointments: Model<Appointment>;
  let events: Model<OutboxEvent>;
  let deliveries: Model<OutboxDelivery>;

  beforeAll(async () => {
    t = await createTestApp();
    appointments = t.app.get(getModelToken(Appointment.name));
    events = t.app.get(getModelToken(OutboxEvent.name));
    deliveries = t.app.get(getModelToken(OutboxDelivery.name));
  });

  afterAll(() => t.close());

  // Input as a client of the model writes it: ids and dates as strings, optional fields left out.
  const appointmentInput = (startsAt: string) => ({
    doctorId: new Types.ObjectId().toHexString(),
    patientId: new Types.ObjectId(),
    startsAt,
    endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000),
    status: 'confirmed',
    feeAmount: '5000',
    currency: 'USD',
    paymentState: 'pay_at_clinic',
    patient: { name: 'Ravi K', email: 'ravi@example.com', phone: undefined },
    doctor: {
      name: 'Dr Ada',
      speciality: 'general-physician',
      timezone: 'Asia/Kolkata',
      address: { line1: '1 Main St', line2: '' },
    },
    history: [{ status: 'confirmed', at: startsAt, by: null, byRole: 'patient' }],
    active: true,
  });

  // Model.create's own typings refuse the string ids and dates it casts; the test passes them.
  const createLoose = (model: Model<never>, docs: object[]) =>
    (model as unknown as Model<Record<string, unknown>>).create(docs);

  const stored = async <T>(model: Model<T>, id: unknown) =>
    model.collection.findOne({ _id: id as Types.ObjectId });

  const withoutIdentity = (doc: Record<string, unknown> | null) => {
    const { _id, createdAt, updatedAt, ...rest } = doc ?? {};
    return { rest, _id, createdAt, updatedAt };
  };

  it('stores an appointment exactly as Model.create does', async () => {
    const [viaCreate] = await createLoose(appointments as never, [
      appointmentInput('2031-03-04T10:00:00.000Z'),
    ]);
    const [viaCast] = await insertCast(appointments, [
      appointmentInput('2031-03-04T10:30:00.000Z'),
    ]);
    const a = withoutIdentity(await stored(appointments, viaCreate._id));
    const b = withoutIdentity(await stored(appointments, viaCast._id));

    const normalise = (rest: Record<string, unknown>) => ({
      ...rest,
      doctorId: 'id',
      patientId: 'id',
      startsAt: 'start',
      endsAt: 'end',
      doctor: { ...(rest.doctor as object), address: { line1: '1 Main St', line2: '' } },
      history: (rest.history as Array<Record<string, unknown>>).map((h) => ({ ...h, at: 'at' })),
    });
    expect(normalise(b.rest)).toEqual(normalise(a.rest));
    // The same fields (their order differs: defaults come after the given fields; nothing in
    // this app matches whole top-level documents).
    expect(Object.keys(b.rest).sort()).toEqual(Object.keys(a.rest).sort());
    expect(b._id).toBeInstanceOf(Types.ObjectId);
    expect(b.createdAt).toBeInstanceOf(Date);
    expect(b.updatedAt).toEqual(b.createdAt);
    // Cast as the schema says: a numeric string became a number, an id string an ObjectId.
    expect(b.rest.feeAmount).toBe(5000);
    expect(b.rest.doctorId).toBeInstanceOf(Types.ObjectId);
    // The returned record is what was stored.
    expect(viaCast).toEqual(await stored(appointments, viaCast._id));
  });

  it('validates like Model.create: nothing is written when a document is invalid', async () => {
    const bad = [
      { ...appointmentInput('2031-03-05T10:00:00.000Z'), status: 'teleported' },
      { ...appointmentInput('2031-03-05T10:30:00.000Z'), feeAmount: undefined },
      { ...appointmentInput('2031-03-05T11:00:00.000Z'), startsAt: 'not a date' },
    ];
    for (const doc of bad) {
      await expect(createLoose(appointments as never, [doc])).rejects.toMatchObject({
        name: 'ValidationError',
      });
      await expect(insertCast(appointments, [doc])).rejects.toMatchObject({
        name: 'ValidationError',
      });
    }
    const written = await appointments.collection.countDocuments({
      startsAt: { $gte: new Date('2031-03-05T00:00:00Z'), $lt: new Date('2031-03-06T00:00:00Z') },
    });
    expect(written).toBe(0);
  });

  it('writes outbox events and deliveries as Model.create does, in the caller transaction', async () => {
    const tx = t.app.get(TransactionRunner);
    const occurredAt = new Date('2031-03-06T09:00:00Z');
    const event = {
      name: 'appointment.booked',
      payload: { a: 1, nested: { b: [1, 2] } },
      occurredAt,
    };
    const [created] = await events.create([event]);
    const [cast] = await tx.run((session) => insertCast(events, [event], session));
    const a = withoutIdentity(await stored(events, created._id));
    const b = withoutIdentity(await stored(events, cast._id));
    expect(b.rest).toEqual(a.rest);
    // No dedupe key: the field is absent, not null (the sparse unique index skips it).
    expect('key' in b.rest).toBe(false);
    expect(b.createdAt).toBeUndefined();

    const delivery = (handler: string) => ({
      eventId: cast._id,
      event: event.name,
      handler,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: occurredAt,
    });
    const viaCreate = await deliveries.insertMany([delivery('created.one')]);
    const viaCast = await insertCast(deliveries, [delivery('cast.one'), delivery('cast.two')]);
    expect(viaCast).toHaveLength(2);
    const c = withoutIdentity(await stored(deliveries, viaCreate[0]._id));
    for (const row of viaCast) {
      const d = withoutIdentity(await stored(deliveries, row._id));
      expect({ ...d.rest, handler: 'h' }).toEqual({ ...c.rest, handler: 'h' });
      expect(d.createdAt).toBeInstanceOf(Date);
    }
  });

  it('rolls back with the transaction it was written in', async () => {
    const tx = t.app.get(TransactionRunner);
    const occurredAt = new Date('2031-03-07T09:00:00Z');
    const _id = new Types.ObjectId();
    await expect(
      tx.run(async (session) => {
        await insertCast(events, [{ _id, name: 'rolled.back', payload: {}, occurredAt }], session);
        expect(await events.collection.countDocuments({ _id }, { session })).toBe(1);
        throw new Error('domain error');
      }),
    ).rejects.toThrow('domain error');
    expect(await events.collection.countDocuments({ _id })).toBe(0);
  });
});
