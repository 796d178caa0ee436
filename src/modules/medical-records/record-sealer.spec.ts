import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { FactoryProvider } from '@nestjs/common';
import { FieldCipher } from '../../common/crypto/field-cipher';
import { loadConfig } from '../../config/app-config';
import { isAppError } from '../../common/errors/app-error';
import { RECORDS_CIPHER_PROVIDER, RecordSealer } from './record-sealer';

const factory = (RECORDS_CIPHER_PROVIDER as FactoryProvider<FieldCipher>).useFactory;

describe('RecordSealer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('warns at start-up when the public development key is in use, not with a real key', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const dev = factory(loadConfig({ NODE_ENV: 'development' })) as FieldCipher;
    expect(dev.activeKeyId).toBe('dev-insecure');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('DEVELOPMENT key'));
    warn.mockClear();
    const real = factory(
      loadConfig({
        RECORDS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        RECORDS_ENCRYPTION_KEY_ID: '2026-12',
      }),
    ) as FieldCipher;
    expect(real.activeKeyId).toBe('2026-12');
    expect(warn).not.toHaveBeenCalled();
  });

  it('binds a value to its record and field; a failure is RECORD_INTEGRITY_ERROR, logged without the value', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sealer = new RecordSealer(new FieldCipher([{ id: 'k', key: randomBytes(32) }], 'k'));
    const sealed = sealer.seal('encounter', 'a1', 'note', { diagnosis: 'Measles' });
    expect(sealer.open('encounter', 'a1', 'note', sealed)).toEqual({ diagnosis: 'Measles' });
    for (const [kind, id, field] of [
      ['encounter', 'a2', 'note'],
      ['encounter', 'a1', 'vitals'],
      ['prescription', 'a1', 'note'],
    ] as const) {
      let caught: unknown;
      try {
        sealer.open(kind, id, field, sealed);
      } catch (err) {
        caught = err;
      }
      expect(isAppError(caught) && caught.code).toBe('RECORD_INTEGRITY_ERROR');
    }
    expect(error).toHaveBeenCalledTimes(3);
    expect(JSON.stringify(error.mock.calls)).not.toMatch(/Measles/);
    expect(error.mock.calls[0][0]).toContain('encounter a2 field note');
  });
});
