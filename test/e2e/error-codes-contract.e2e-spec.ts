import { Types } from 'mongoose';
import type { Response } from 'supertest';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../../src/openapi';
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
import { createTestApp, type TestApp } from '../utils/test-app';
import { errorOf } from '../utils/responses';

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  enum?: unknown[];
}

/** The `code` enum the document promises for one operation and status. */
function documentedCodes(
  doc: OpenAPIObject,
  method: 'get' | 'post',
  path: string,
  status: number,
): unknown[] {
  const response = doc.paths[`${API}${path}`]?.[method]?.responses[String(status)] as
    { content?: Record<string, { schema?: Schema }> } | undefined;
  const schema = response?.content?.['application/json']?.schema;
  const parts = schema?.allOf ?? (schema ? [schema] : []);
  return parts.flatMap((part) => part.properties?.code?.enum ?? []);
}

/**
 * What generated clients switch on must cover what the server says: for each answer below, the
 * operation's documented enum for that status contains the code actually returned.
 */
describe('documented error codes match the answers (e2e)', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  let patients: Account[];
  let doctorId: string;

  beforeAll(async () => {
    const { email: adminEmail, env } = adminEnv();
    t = await createTestApp({ env });
    doc = buildOpenApiDocument(t.app);
    const admin = await login(t, adminEmail);
    doctorId = (await createBookableDoctor(t, admin)).id;
    patients = [await registerPatient(t, 'First'), await registerPatient(t, 'Second')];
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  const expectDocumented = (method: 'get' | 'post', path: string, res: Response): void => {
    const code = (res.body as { code: string }).code;
    expect({
      status: res.status,
      code,
      documented: documentedCodes(doc, method, path, res.status),
    }).toEqual({ status: res.status, code, documented: expect.arrayContaining([code]) as unknown });
  };

  it('POST /appointments: 409 SLOT_TAKEN, 400 VALIDATION_FAILED and INVALID_ID, 401', async () => {
    const slot = slotAfter(5);
    await bookRequest(t, patients[0], doctorId, slot).expect(201);
    const taken = await bookRequest(t, patients[1], doctorId, slot).expect(409);
    expect(errorOf(taken).code).toBe('SLOT_TAKEN');
    expectDocumented('post', '/appointments', taken);

    const invalid = await t.http
      .post(`${API}/appointments`)
      .set(bearer(patients[1].accessToken))
      .send({ doctorId })
      .expect(400);
    expect(errorOf(invalid).code).toBe('VALIDATION_FAILED');
    expectDocumented('post', '/appointments', invalid);

    const badId = await bookRequest(t, patients[1], 'not-an-id', slotAfter(6)).expect(400);
    expect(errorOf(badId).code).toBe('INVALID_ID');
    expectDocumented('post', '/appointments', badId);

    const anonymous = await t.http
      .post(`${API}/appointments`)
      .send({ doctorId, startsAt: slotAfter(7).toISOString() })
      .expect(401);
    expect(errorOf(anonymous).code).toBe('UNAUTHORIZED');
    expectDocumented('post', '/appointments', anonymous);
  });

  it('GET /doctors/{id}: 404 DOCTOR_NOT_FOUND, 400 INVALID_ID', async () => {
    const missing = await t.http
      .get(`${API}/doctors/${new Types.ObjectId().toHexString()}`)
      .expect(404);
    expect(errorOf(missing).code).toBe('DOCTOR_NOT_FOUND');
    expectDocumented('get', '/doctors/{id}', missing);

    const badId = await t.http.get(`${API}/doctors/nope`).expect(400);
    expect(errorOf(badId).code).toBe('INVALID_ID');
    expectDocumented('get', '/doctors/{id}', badId);
  });
});
