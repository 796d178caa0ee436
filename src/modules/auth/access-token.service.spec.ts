import { Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Role } from '../../common/auth/role.enum';
import { loadConfig } from '../../config/app-config';
import { AccessTokenService } from './access-token.service';

const SECRET = 'unit-secret-unit-secret-unit-secret-0123';
const claims = { sub: 'a'.repeat(24), role: Role.Doctor, sid: 'b'.repeat(24) };

describe('AccessTokenService', () => {
  const jwt = new JwtService();
  const service = new AccessTokenService(
    jwt,
    loadConfig({ NODE_ENV: 'test', JWT_ACCESS_SECRET: SECRET, JWT_ACCESS_TTL_SECONDS: '120' }),
  );

  it('signs HS256 tokens with sub, role, sid, issuer, audience and the configured TTL', async () => {
    const token = await service.sign(claims);
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const payload = jwt.decode<Record<string, number | string>>(token);
    expect(payload).toMatchObject({ ...claims, iss: 'docbook-api', aud: 'docbook-api' });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(120);
    await expect(service.verify(token)).resolves.toEqual(claims);
  });

  it('maps expiry to TOKEN_EXPIRED and everything else to UNAUTHORIZED', async () => {
    const now = Math.floor(Date.now() / 1000);
    const base = { ...claims, iss: 'docbook-api', aud: 'docbook-api' };
    const expired = jwt.sign({ ...base, iat: now - 100, exp: now - 10 }, { secret: SECRET });
    await expect(service.verify(expired)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    const wrongKey = jwt.sign({ ...base, exp: now + 60 }, { secret: `${SECRET}x` });
    await expect(service.verify(wrongKey)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const none = [
      Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url'),
      Buffer.from(JSON.stringify({ ...base, exp: now + 60 })).toString('base64url'),
      '',
    ].join('.');
    await expect(service.verify(none)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('generates a random secret per process when none is configured (outside production)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const config = loadConfig({ NODE_ENV: 'development' });
    const a = new AccessTokenService(jwt, config);
    const b = new AccessTokenService(jwt, config);
    const token = await a.sign(claims);
    await expect(a.verify(token)).resolves.toEqual(claims);
    await expect(b.verify(token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('JWT_ACCESS_SECRET is not set'));
    warn.mockRestore();
  });
});
