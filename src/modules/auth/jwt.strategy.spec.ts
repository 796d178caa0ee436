import { Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthUser } from '../../common/auth/auth-user';
import { Role } from '../../common/auth/role.enum';
import { loadConfig } from '../../config/app-config';
import { AccessTokenService, parseAccessClaims, type AccessClaims } from './access-token.service';
import type { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';

const SECRET = 'unit-secret-unit-secret-unit-secret-0123';
const claims: AccessClaims = { sub: 'a'.repeat(24), role: Role.Doctor, sid: 'b'.repeat(24) };

/** The live-session check is AuthService's job (tested e2e); here it just echoes the claims. */
const auth = {
  authenticate: async (c: AccessClaims): Promise<AuthUser> => ({
    id: c.sub,
    role: c.role,
    sessionId: c.sid,
    email: 'x@example.com',
    passwordChangeRequired: false,
  }),
} as unknown as AuthService;

type Outcome = { user: AuthUser } | { fail: unknown } | { error: unknown };

/** Runs the passport strategy on a request carrying `token`, as the guard would. */
function run(strategy: JwtStrategy, token: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const s = strategy as unknown as {
      success: (user: AuthUser) => void;
      fail: (info: unknown) => void;
      error: (err: unknown) => void;
      authenticate: (req: unknown) => void;
    };
    s.success = (user) => resolve({ user });
    s.fail = (info) => resolve({ fail: info });
    s.error = (err) => resolve({ error: err });
    s.authenticate({ headers: { authorization: `Bearer ${token}` } });
  });
}

describe('access tokens', () => {
  const jwt = new JwtService();
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_ACCESS_SECRET: SECRET,
    JWT_ACCESS_TTL_SECONDS: '120',
  });
  const tokens = new AccessTokenService(jwt, config);
  const strategy = new JwtStrategy(tokens, auth);
  const now = () => Math.floor(Date.now() / 1000);
  const base = { ...claims, iss: 'docbook-api', aud: 'docbook-api' };

  it('signs HS256 tokens with sub, role, sid, issuer, audience and the configured TTL', async () => {
    const token = await tokens.sign(claims);
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const payload = jwt.decode<Record<string, number | string>>(token);
    expect(payload).toMatchObject({ ...claims, iss: 'docbook-api', aud: 'docbook-api' });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(120);
    await expect(run(strategy, token)).resolves.toEqual({
      user: {
        id: claims.sub,
        role: claims.role,
        sessionId: claims.sid,
        email: 'x@example.com',
        passwordChangeRequired: false,
      },
    });
  });

  it('fails expired tokens with a TokenExpiredError', async () => {
    const expired = jwt.sign({ ...base, iat: now() - 100, exp: now() - 10 }, { secret: SECRET });
    const outcome = await run(strategy, expired);
    expect(outcome).toMatchObject({ fail: { name: 'TokenExpiredError' } });
  });

  it('fails a wrong key, another algorithm, alg none, a wrong issuer or audience', async () => {
    const forged = [
      jwt.sign({ ...base, exp: now() + 60 }, { secret: `${SECRET}x` }),
      jwt.sign({ ...base, exp: now() + 60 }, { secret: SECRET, algorithm: 'HS512' }),
      [
        Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url'),
        Buffer.from(JSON.stringify({ ...base, exp: now() + 60 })).toString('base64url'),
        '',
      ].join('.'),
      jwt.sign({ ...base, iss: 'someone-else', exp: now() + 60 }, { secret: SECRET }),
      jwt.sign({ ...base, aud: 'someone-else', exp: now() + 60 }, { secret: SECRET }),
    ];
    for (const token of forged) {
      expect(await run(strategy, token)).toHaveProperty('fail');
    }
  });

  it('rejects validly signed tokens whose claims are not ours', async () => {
    const odd = jwt.sign({ ...base, role: 'superuser', exp: now() + 60 }, { secret: SECRET });
    expect(await run(strategy, odd)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(parseAccessClaims({ ...claims, sub: 'not-an-id' })).toBeNull();
    expect(parseAccessClaims(claims)).toEqual(claims);
  });

  it('generates a random secret per process when none is configured (outside production)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const dev = loadConfig({ NODE_ENV: 'development' });
    const a = new AccessTokenService(jwt, dev);
    const b = new AccessTokenService(jwt, dev);
    const token = await a.sign(claims);
    expect(await run(new JwtStrategy(a, auth), token)).toHaveProperty('user');
    expect(await run(new JwtStrategy(b, auth), token)).toHaveProperty('fail');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('JWT_ACCESS_SECRET is not set'));
    warn.mockRestore();
  });
});
