import { randomBytes } from 'node:crypto';
import { loadConfig } from './app-config';
import { DEVELOPMENT_KEY_ID, parseKeyMaterial, recordsEncryptionFrom } from './records-encryption';

describe('records encryption configuration', () => {
  const raw = randomBytes(32);

  it('reads a 32-byte key as hex or base64 (standard or URL-safe, padded or not)', () => {
    expect(parseKeyMaterial(raw.toString('hex'))).toEqual(raw);
    expect(parseKeyMaterial(raw.toString('base64'))).toEqual(raw);
    expect(parseKeyMaterial(raw.toString('base64url'))).toEqual(raw);
    expect(typeof parseKeyMaterial(randomBytes(16).toString('hex'))).toBe('string');
    expect(typeof parseKeyMaterial('correct horse battery staple')).toBe('string');
  });

  it('builds the ring: the active key and the earlier ones', () => {
    const old = randomBytes(32);
    const ring = recordsEncryptionFrom({
      key: raw.toString('base64'),
      keyId: '2026-12',
      previous: [`2026-01:${old.toString('hex')}`],
    });
    expect(ring).toEqual({
      keys: [
        { id: '2026-12', key: raw },
        { id: '2026-01', key: old },
      ],
      activeKeyId: '2026-12',
      development: false,
    });
  });

  it('without a key outside production: the labelled development key', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.recordsEncryption).toMatchObject({
      activeKeyId: DEVELOPMENT_KEY_ID,
      development: true,
    });
  });

  it('requires a key in production and names bad keys without echoing them', () => {
    const secret = 'not-a-key-but-maybe-a-secret';
    let message = '';
    try {
      loadConfig({
        NODE_ENV: 'production',
        MONGODB_URI: 'mongodb://localhost:27017/x',
        JWT_ACCESS_SECRET: 'x'.repeat(40),
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('RECORDS_ENCRYPTION_KEY: is required when NODE_ENV=production');
    try {
      loadConfig({
        RECORDS_ENCRYPTION_KEY: secret,
        RECORDS_ENCRYPTION_KEYS: `old:${secret}`,
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('RECORDS_ENCRYPTION_KEY: must be 32 bytes');
    expect(message).toContain('RECORDS_ENCRYPTION_KEYS: entry 1');
    expect(message).not.toContain(secret);
  });

  it('refuses a key id listed twice', () => {
    expect(
      recordsEncryptionFrom({
        key: raw.toString('hex'),
        keyId: 'k1',
        previous: [`k1:${raw.toString('hex')}`],
      }),
    ).toEqual({ problems: ['RECORDS_ENCRYPTION_KEYS: key id k1 is listed twice'] });
  });
});
