import { randomBytes } from 'node:crypto';
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
} from '../utils/api-journeys';
import { createTestApp, uniqueDatabaseUri, type TestApp } from '../utils/test-app';
import { dataOf, errorOf } from '../utils/responses';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type { EncounterResponseDto } from '../../src/modules/medical-records/dto/records-response.dto';

/**
 * Key rotation: an instance with a new active key (and the old one in RECORDS_ENCRYPTION_KEYS)
 * reads what the old key sealed and seals new values with the new one; an instance that lost
 * the old key cannot open old values (a clean 503, never garbage or a 500).
 */
describe('medical records key rotation (e2e)', () => {
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('hex');
  const uri = uniqueDatabaseUri();
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const [i, app] of apps.entries()) {
      await app.close({ dropDatabase: i === apps.length - 1 });
    }
  });

  it('old values stay readable after a rotation; new values use the new key', async () => {
    const { email, env } = adminEnv();
    const before = await createTestApp({
      mongodbUri: uri,
      env: { ...env, RECORDS_ENCRYPTION_KEY: oldKey, RECORDS_ENCRYPTION_KEY_ID: '2026-01' },
    });
    apps.push(before);
    const admin = await login(before, email);
    const doctor = await createBookableDoctor(before, admin);
    const patient = await registerPatient(before, 'Rotation Patient');
    const booked = await bookRequest(before, patient, doctor.id, slotAfter(3)).expect(201);
    const visit = dataOf<AppointmentResponseDto>(booked).id;
    const written = await before.http
      .post(`${API}/appointments/${visit}/encounter`)
      .set(bearer(doctor.accessToken))
      .send({ diagnosis: 'Sealed with the old key' })
      .expect(201);
    const encounterId = dataOf<EncounterResponseDto>(written).id;
    const stored = await before.connection
      .collection('encounters')
      .findOne({ _id: new Types.ObjectId(encounterId) });
    expect(Buffer.from(String(stored?.note), 'base64').subarray(2, 9).toString()).toBe('2026-01');

    const after = await createTestApp({
      mongodbUri: uri,
      env: {
        RECORDS_ENCRYPTION_KEY: newKey,
        RECORDS_ENCRYPTION_KEY_ID: '2026-12',
        RECORDS_ENCRYPTION_KEYS: `2026-01:${oldKey}`,
      },
    });
    apps.push(after);
    const read = await after.http
      .get(`${API}/appointments/${visit}/encounter`)
      .set(bearer(patient.accessToken))
      .expect(200);
    expect(dataOf<EncounterResponseDto>(read).diagnosis).toBe('Sealed with the old key');
    await after.http
      .patch(`${API}/encounters/${encounterId}`)
      .set(bearer(doctor.accessToken))
      .send({ plan: 'Sealed with the new key' })
      .expect(200);
    const rewritten = await after.connection
      .collection('encounters')
      .findOne({ _id: new Types.ObjectId(encounterId) });
    expect(Buffer.from(String(rewritten?.note), 'base64').subarray(2, 9).toString()).toBe(
      '2026-12',
    );

    const forgot = await createTestApp({
      mongodbUri: uri,
      env: { RECORDS_ENCRYPTION_KEY: newKey, RECORDS_ENCRYPTION_KEY_ID: '2026-12' },
    });
    apps.push(forgot);
    // The note was re-sealed with the new key; the replaced version (old key) is in revisions
    // and never served, so the current record still opens.
    await forgot.http
      .get(`${API}/appointments/${visit}/encounter`)
      .set(bearer(patient.accessToken))
      .expect(200);
    await before.connection
      .collection('encounters')
      .updateOne({ _id: new Types.ObjectId(encounterId) }, { $set: { vitals: stored?.vitals } });
    const lost = await forgot.http
      .get(`${API}/appointments/${visit}/encounter`)
      .set(bearer(patient.accessToken))
      .expect(503);
    expect(errorOf(lost).code).toBe('RECORD_INTEGRITY_ERROR');
  }, 120_000);
});
