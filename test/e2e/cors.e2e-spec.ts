import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';

describe('CORS (e2e)', () => {
  describe('default origins', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it.each(['http://localhost:5173', 'http://127.0.0.1:5173'])(
      'answers a preflight from the dev server at %s with credentials',
      async (origin) => {
        const res = await t.http
          .options(`${API}/auth/login`)
          .set('Origin', origin)
          .set('Access-Control-Request-Method', 'POST')
          .expect(204);
        expect(res.headers['access-control-allow-origin']).toBe(origin);
        expect(res.headers['access-control-allow-credentials']).toBe('true');
      },
    );

    it('allows the Prescripto clients’ token headers in a preflight', async () => {
      const res = await t.http
        .options('/api/user/get-profile')
        .set('Origin', 'http://localhost:5173')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'token,atoken,dtoken,content-type')
        .expect(204);
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      const allowed = String(res.headers['access-control-allow-headers'])
        .toLowerCase()
        .split(',')
        .map((h) => h.trim());
      expect(allowed).toEqual(
        expect.arrayContaining(['token', 'atoken', 'dtoken', 'content-type']),
      );
    });

    it('gives an origin that is not listed no CORS headers', async () => {
      const res = await t.http.get(`${API}/health`).set('Origin', 'https://evil.example');
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('CORS_ORIGINS=*', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { CORS_ORIGINS: '*' } });
    });
    afterAll(() => t.close());

    it('allows any origin, without credentials', async () => {
      const res = await t.http
        .options(`${API}/auth/login`)
        .set('Origin', 'https://anything.example')
        .set('Access-Control-Request-Method', 'POST')
        .expect(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      const get = await t.http.get(`${API}/health`).set('Origin', 'https://other.example');
      expect(get.headers['access-control-allow-origin']).toBe('*');
    });
  });
});
