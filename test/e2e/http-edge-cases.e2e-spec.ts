import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Response } from 'supertest';
import { createDoctor, type TestDoctor } from '../factories/doctors.factory';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { bodyOf, dataOf, envelopeOf, errorOf, pageOf } from '../utils/responses';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { PublicDoctorDto } from '../../src/modules/doctors/dto/doctor-response.dto';
import type { UserResponseDto } from '../../src/modules/users/dto/user-response.dto';

const LOGIN = `${API}/auth/login`;
const REQUEST_ID = /^[0-9a-f-]{36}$/;

/** The error envelope with its request id in the body and in the header. */
function expectError(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['x-request-id']).toMatch(REQUEST_ID);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.body).toEqual({
    success: false,
    message: expect.any(String),
    code,
    requestId: res.headers['x-request-id'],
    ...(errorOf(res).details !== undefined ? { details: errorOf(res).details } : {}),
  });
}

describe('HTTP edge cases (e2e)', () => {
  let t: TestApp;
  let patient: TestUser;
  let doctor: TestDoctor;

  beforeAll(async () => {
    t = await createTestApp();
    patient = await registerPatient(t);
    doctor = await createDoctor(t, { addressLine1: '4 Residency Road', addressLine2: '' });
  });
  afterAll(() => t.close());

  const login = () => t.http.post(LOGIN);
  const credentials = JSON.stringify({ email: 'a@example.com', password: 'whatever-1' });

  describe('body-parser refusals', () => {
    it('refuses a JSON body in a charset other than UTF-8 with 415', async () => {
      const res = await login()
        .set('Content-Type', 'application/json; charset=latin1')
        .send(credentials);
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(envelopeOf(res).message).toMatch(/charset/i);
    });

    it('refuses a form body in a charset other than UTF-8 with 415', async () => {
      const res = await login()
        .set('Content-Type', 'application/x-www-form-urlencoded; charset=latin1')
        .send('email=a%40example.com&password=x');
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses an unknown Content-Encoding with 415', async () => {
      const res = await login()
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'compress')
        .send(credentials);
      expectError(res, 415, 'UNSUPPORTED_ENCODING');
    });

    it('refuses a body that does not match its Content-Encoding with 400', async () => {
      const res = await login()
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send(credentials);
      expectError(res, 400, 'MALFORMED_BODY');
    });

    it('still reads a real gzip body', async () => {
      const gzipped = gzipSync(Buffer.from(credentials));
      const res = await login()
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        // superagent would JSON-encode a Buffer sent with a JSON Content-Type; send the bytes.
        .serialize(() => gzipped as unknown as string)
        .send(gzipped);
      expectError(res, 401, 'INVALID_CREDENTIALS');
    });

    it('refuses too many form parameters with 413', async () => {
      const body = Array.from({ length: 2000 }, (_, i) => `p${i}=1`).join('&');
      const res = await t.http
        .post(LOGIN)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(body);
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(envelopeOf(res).message).toBe('Too many form parameters');
    });

    it('refuses a text/plain body to a JSON route with 415, not a validation error', async () => {
      const res = await login().set('Content-Type', 'text/plain').send(credentials);
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers malformed JSON and oversized bodies with a request id', async () => {
      const bad = await login().set('Content-Type', 'application/json').send('{"a":');
      expectError(bad, 400, 'MALFORMED_BODY');
      const big = await login().send({ blob: 'x'.repeat(200_000) });
      expectError(big, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('accepts a body-less POST without a Content-Type', async () => {
      const other = await registerPatient(t);
      const res = await t.http.post(`${API}/auth/logout`).set(bearer(other.accessToken));
      expect(res.status).not.toBe(415);
    });
  });

  describe('paths outside the API', () => {
    it('points GET / to the documentation', async () => {
      const res = await t.http.get('/').expect(200);
      expect(res.headers['x-request-id']).toMatch(REQUEST_ID);
      expect(res.body).toEqual({
        success: true,
        message: 'DocBook API',
        data: {
          docs: '/docs',
          openapi: '/docs-json',
          api: API,
          health: `${API}/health`,
        },
      });
    });

    it('answers a missing upload and an unknown path with the envelope and a request id', async () => {
      expectError(await t.http.get('/uploads/missing.png'), 404, 'ROUTE_NOT_FOUND');
      expectError(await t.http.get('/nope'), 404, 'ROUTE_NOT_FOUND');
    });

    it('still serves an existing upload', async () => {
      writeFileSync(join(t.uploadDir, 'present.txt'), 'hello');
      const res = await t.http.get('/uploads/present.txt').expect(200);
      expect(res.headers['x-request-id']).toMatch(REQUEST_ID);
    });
  });

  describe('Cache-Control', () => {
    it('never lets tokens, profiles or anything behind auth be stored', async () => {
      const register = await t.http
        .post(`${API}/auth/register`)
        .send({
          name: 'Cache Test',
          email: 'cache-test@example.com',
          password: 'Str0ng-pass-phrase',
        })
        .expect(201);
      expect(register.headers['cache-control']).toBe('no-store');
      const me = await t.http.get(`${API}/users/me`).set(bearer(patient.accessToken)).expect(200);
      expect(me.headers['cache-control']).toBe('no-store');
      const sessions = await t.http.get(`${API}/auth/sessions`).set(bearer(patient.accessToken));
      expect(sessions.headers['cache-control']).toBe('no-store');
      const appointments = await t.http
        .get(`${API}/appointments`)
        .set(bearer(patient.accessToken))
        .expect(200);
      expect(appointments.headers['cache-control']).toBe('no-store');
      const health = await t.http.get(`${API}/health`).expect(200);
      expect(health.headers['cache-control']).toBe('no-store');
    });

    it('lets public lists be cached briefly', async () => {
      const list = await t.http.get(`${API}/doctors`).expect(200);
      expect(list.headers['cache-control']).toBe('public, max-age=30');
      const one = await t.http.get(`${API}/doctors/${doctor.id}`).expect(200);
      expect(one.headers['cache-control']).toBe('public, max-age=30');
      const specialities = await t.http.get(`${API}/specialities`).expect(200);
      expect(specialities.headers['cache-control']).toBe('public, max-age=30');
      const today = new Date().toISOString().slice(0, 10);
      const slots = await t.http
        .get(`${API}/doctors/${doctor.id}/slots`)
        .query({ from: today, to: today })
        .expect(200);
      expect(slots.headers['cache-control']).toBe('public, max-age=5');
    });

    it('keeps errors of public routes out of caches', async () => {
      const res = await t.http.get(`${API}/doctors/665f1c2e8f1b2a0012345678`);
      expectError(res, 404, 'DOCTOR_NOT_FOUND');
    });

    it('documents the cacheable routes in the OpenAPI document', async () => {
      const doc = bodyOf<OpenAPIObject>(await t.http.get('/docs-json').expect(200));
      // An extension field, not part of OperationObject's declared properties.
      const cacheControl = (path: string) =>
        (doc.paths[path].get as { 'x-cache-control'?: string })['x-cache-control'];
      expect(cacheControl(`${API}/doctors`)).toBe('public, max-age=30');
      expect(cacheControl(`${API}/doctors/{id}/slots`)).toBe('public, max-age=5');
    });
  });

  describe('smaller wrong answers', () => {
    it.each(['abc', '1.5', '0', '101'])(
      'says what a valid limit is for limit=%s',
      async (limit) => {
        const res = await t.http.get(`${API}/doctors`).query({ limit });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(envelopeOf(res).message).toBe('limit: limit must be an integer from 1 to 100');
      },
    );

    it('documents page and limit as integers', async () => {
      const doc = bodyOf<OpenAPIObject>(await t.http.get('/docs-json').expect(200));
      const params = doc.paths[`${API}/doctors`].get!.parameters as Array<{
        name: string;
        schema: { type: string };
      }>;
      expect(params.find((p) => p.name === 'limit')?.schema.type).toBe('integer');
      expect(params.find((p) => p.name === 'page')?.schema.type).toBe('integer');
    });

    it('filters on accepting=false as well as accepting=true', async () => {
      const closed = await createDoctor(t, { name: 'Dr. Closed', acceptingAppointments: false });
      const ids = async (accepting: string) =>
        (
          pageOf<PublicDoctorDto>(
            await t.http.get(`${API}/doctors`).query({ accepting }).expect(200),
          ).items as Array<{ id: string }>
        ).map((d) => d.id);
      expect(await ids('false')).toEqual([closed.id]);
      expect(await ids('true')).toEqual([doctor.id]);
    });

    it('gives a malformed id one code and one wording in the path and in the body', async () => {
      const path = await t.http.get(`${API}/doctors/abc`);
      expectError(path, 400, 'INVALID_ID');
      expect(envelopeOf(path).message).toBe('id must be a 24-character hex ObjectId');
      const body = await t.http
        .post(`${API}/appointments`)
        .set(bearer(patient.accessToken))
        .send({ doctorId: 'abc', startsAt: '2030-01-01T10:00:00Z' });
      expectError(body, 400, 'INVALID_ID');
      expect(envelopeOf(body).message).toBe(
        'doctorId: doctorId must be a 24-character hex ObjectId',
      );
      expect(errorOf(body).details).toEqual([
        { field: 'doctorId', errors: ['doctorId must be a 24-character hex ObjectId'] },
      ]);
    });

    it('answers null for an absent address, as for an absent phone', async () => {
      const me = dataOf<UserResponseDto>(
        await t.http.get(`${API}/users/me`).set(bearer(patient.accessToken)),
      );
      expect(me.phone).toBeNull();
      expect(me.address).toBeNull();
      const one = dataOf<PublicDoctorDto>(
        await t.http.get(`${API}/doctors/${doctor.id}`).expect(200),
      );
      expect(one.address).toEqual({ line1: '4 Residency Road', line2: null });
    });

    it('takes null back to clear an address line', async () => {
      const other = await registerPatient(t);
      const patch = (address: object) =>
        t.http.patch(`${API}/users/me`).set(bearer(other.accessToken)).send({ address });
      const set = await patch({ line1: '1 Lake View', line2: null }).expect(200);
      expect(dataOf<UserResponseDto>(set).address).toEqual({ line1: '1 Lake View', line2: null });
      const cleared = await patch({ line1: null }).expect(200);
      expect(dataOf<UserResponseDto>(cleared).address).toBeNull();
    });

    it('documents both shapes of ErrorEnvelope.details', async () => {
      const doc = bodyOf<OpenAPIObject>(await t.http.get('/docs-json').expect(200));
      const schemas = doc.components!.schemas!;
      const details = (schemas.ErrorEnvelope as SchemaObject).properties!.details as SchemaObject;
      expect(details.oneOf).toEqual([
        { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
        { type: 'object', additionalProperties: true },
      ]);
      expect(schemas.FieldError).toBeDefined();
    });
  });
});
