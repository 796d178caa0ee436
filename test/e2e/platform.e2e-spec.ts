import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { bodyOf, dataOf, errorOf } from '../utils/responses';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { HealthDto } from '../../src/modules/health/health.controller';

describe('platform (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_LIMIT: '1kb' } });
  });
  afterAll(() => t.close());

  it('serves liveness in the success envelope with a request id', async () => {
    const res = await t.http.get(`${API}/health`).expect(200);
    expect(res.body).toEqual({ success: true, message: 'OK', data: { status: 'ok' } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes a well-formed incoming request id and replaces a malformed one', async () => {
    const ok = await t.http.get(`${API}/health`).set('X-Request-Id', 'abc-12345-xyz');
    expect(ok.headers['x-request-id']).toBe('abc-12345-xyz');
    const bad = await t.http.get(`${API}/health`).set('X-Request-Id', 'x y');
    expect(bad.headers['x-request-id']).not.toBe('x y');
  });

  it('reports readiness with the MongoDB check', async () => {
    const res = await t.http.get(`${API}/health/ready`).expect(200);
    expect(dataOf<HealthDto>(res)).toEqual({ status: 'ok', checks: { mongodb: { status: 'up' } } });
  });

  it('answers unknown routes with the error envelope', async () => {
    const res = await t.http.get(`${API}/nope`).expect(404);
    expect(res.body).toMatchObject({ success: false, code: 'ROUTE_NOT_FOUND' });
    expect(errorOf(res).requestId).toEqual(expect.any(String));
  });

  it('rejects malformed JSON with 400 and oversized bodies with 413', async () => {
    const bad = await t.http
      .post(`${API}/health`)
      .set('Content-Type', 'application/json')
      .send('{"a":')
      .expect(400);
    expect(bad.body).toMatchObject({ success: false, code: 'MALFORMED_BODY' });
    const big = await t.http
      .post(`${API}/health`)
      .send({ blob: 'x'.repeat(4096) })
      .expect(413);
    expect(big.body).toMatchObject({ success: false, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('rejects Mongo operators and prototype keys in query and body', async () => {
    const q = await t.http.get(`${API}/health`).query({ 'email[$ne]': 'x' }).expect(400);
    expect(errorOf(q).code).toBe('FORBIDDEN_KEY');
    const b = await t.http
      .post(`${API}/nope`)
      .set('Content-Type', 'application/json')
      .send('{"__proto__": {"admin": true}}')
      .expect(400);
    expect(errorOf(b).code).toBe('FORBIDDEN_KEY');
    const nested = await t.http
      .post(`${API}/nope`)
      .send({ a: { $gt: '' } })
      .expect(400);
    expect(errorOf(nested).code).toBe('FORBIDDEN_KEY');
  });

  it('sets security headers and no x-powered-by', async () => {
    const res = await t.http.get(`${API}/health`);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('allows CORS only for configured origins', async () => {
    const allowed = await t.http.get(`${API}/health`).set('Origin', 'http://localhost:5173');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const denied = await t.http.get(`${API}/health`).set('Origin', 'https://evil.example');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves Swagger UI and the OpenAPI JSON with bearer auth declared', async () => {
    await t.http.get('/docs').redirects(1).expect(200);
    const res = await t.http.get('/docs-json').expect(200);
    const doc = bodyOf<OpenAPIObject>(res);
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components!.securitySchemes!.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });
});
