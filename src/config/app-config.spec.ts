import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RegisterDto } from '../modules/auth/dto/register.dto';
import { ConfigValidationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.NODE_ENV).toBe('development');
    expect(config.CORS_ORIGINS).toContain('http://localhost:3000');
    expect(config.JWT_ACCESS_TTL_SECONDS).toBe(900);
  });

  it('parses numbers, booleans and lists', () => {
    const config = loadConfig({
      PORT: '8080',
      JOBS_ENABLED: 'false',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.PORT).toBe(8080);
    expect(config.JOBS_ENABLED).toBe(false);
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', BCRYPT_ROUNDS: '99', JWT_ACCESS_SECRET: 'short' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/BCRYPT_ROUNDS/);
    expect(message).toMatch(/JWT_ACCESS_SECRET/);
    expect(message).not.toContain('short');
  });

  it('requires MONGODB_URI and JWT_ACCESS_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /MONGODB_URI[\s\S]*JWT_ACCESS_SECRET/,
    );
  });

  it('requires ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@example.com' })).toThrow(
      /ADMIN_EMAIL\/ADMIN_PASSWORD/,
    );
  });

  it('rejects a MONGODB_URI that is not a connection string, naming the variable', () => {
    expect(() => loadConfig({ MONGODB_URI: 'notaurl' })).toThrow(
      /MONGODB_URI: must start with mongodb:\/\/ or mongodb\+srv:\/\//,
    );
  });

  it('never echoes the MONGODB_URI (it may hold a password)', () => {
    expect(() => loadConfig({ MONGODB_URI: 'mongodb://u:hunter2@bad host/db' })).toThrow(
      /^(?![\s\S]*hunter2)[\s\S]*MONGODB_URI: has an invalid host/,
    );
  });

  it('derives PUBLIC_BASE_URL from PORT unless it is set', () => {
    expect(loadConfig({}).PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '4010' }).PUBLIC_BASE_URL).toBe('http://localhost:4010');
    expect(loadConfig({ PORT: '4010', PUBLIC_BASE_URL: 'https://api.example.com' })).toMatchObject({
      PUBLIC_BASE_URL: 'https://api.example.com',
    });
  });

  it('allows the Vite dev server on 127.0.0.1 by default', () => {
    expect(loadConfig({}).CORS_ORIGINS).toEqual(
      expect.arrayContaining(['http://localhost:5173', 'http://127.0.0.1:5173']),
    );
  });

  it('accepts CORS_ORIGINS=* alone and rejects it among other origins', () => {
    expect(loadConfig({ CORS_ORIGINS: '*' }).CORS_ORIGINS).toEqual(['*']);
    expect(() => loadConfig({ CORS_ORIGINS: '*,https://a.example' })).toThrow(/CORS_ORIGINS/);
  });

  it.each(['localhost:5173', 'https://a.example/', 'https://a.example/app', 'ftp://a.example'])(
    'rejects the CORS origin %s, which would match no browser',
    (origin) => {
      expect(() => loadConfig({ CORS_ORIGINS: origin })).toThrow(/CORS_ORIGINS: each entry/);
    },
  );

  it('validates MONGODB_STARTUP_TIMEOUT_MS', () => {
    expect(loadConfig({}).MONGODB_STARTUP_TIMEOUT_MS).toBe(30_000);
    expect(() => loadConfig({ MONGODB_STARTUP_TIMEOUT_MS: '5' })).toThrow(
      /MONGODB_STARTUP_TIMEOUT_MS/,
    );
  });

  it('accepts as ADMIN_EMAIL what registration accepts, normalised the same way', () => {
    const config = loadConfig({
      ADMIN_EMAIL: ' Admin@Clinic.Example ',
      ADMIN_PASSWORD: 'x'.repeat(12),
    });
    expect(config.ADMIN_EMAIL).toBe('admin@clinic.example');
    expect(loadConfig({ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'x'.repeat(12) }).ADMIN_EMAIL).toBe(
      'a@b.co',
    );
    expect(() =>
      loadConfig({ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'x'.repeat(12) }),
    ).toThrow(/ADMIN_EMAIL/);
    expect(loadConfig({ ADMIN_EMAIL: '' }).ADMIN_EMAIL).toBeUndefined();
  });

  it.each([
    'a@b.co',
    ' Mixed@Case.Example ',
    'a@b.c',
    'no-at-sign',
    'x@localhost',
    `${'a'.repeat(250)}@b.co`,
  ])('agrees with registration on the e-mail %j', (email) => {
    const dto = plainToInstance(RegisterDto, { name: 'A', email, password: 'Str0ng-pass-phrase' });
    const registrationAccepts = !validateSync(dto).some((e) => e.property === 'email');
    let configAccepts = true;
    try {
      loadConfig({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'x'.repeat(12) });
    } catch {
      configAccepts = false;
    }
    expect(configAccepts).toBe(registrationAccepts);
  });

  it('defaults and validates the Prescripto compatibility settings', () => {
    expect(loadConfig({})).toMatchObject({
      PRESCRIPTO_COMPAT: true,
      PRESCRIPTO_CURRENCY: 'INR',
      PRESCRIPTO_TIMEZONE: 'Asia/Kolkata',
      PRESCRIPTO_PHONE_REGION: 'IN',
    });
    expect(
      loadConfig({
        PRESCRIPTO_COMPAT: 'false',
        PRESCRIPTO_CURRENCY: 'USD',
        PRESCRIPTO_PHONE_REGION: 'US',
      }),
    ).toMatchObject({
      PRESCRIPTO_COMPAT: false,
      PRESCRIPTO_CURRENCY: 'USD',
      PRESCRIPTO_PHONE_REGION: 'US',
    });
    let error: unknown;
    try {
      loadConfig({
        PRESCRIPTO_COMPAT: 'maybe',
        PRESCRIPTO_CURRENCY: 'inr',
        PRESCRIPTO_TIMEZONE: 'Mars/Base',
        PRESCRIPTO_PHONE_REGION: 'XX',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const message = (error as Error).message;
    for (const key of [
      'PRESCRIPTO_COMPAT',
      'PRESCRIPTO_CURRENCY',
      'PRESCRIPTO_TIMEZONE',
      'PRESCRIPTO_PHONE_REGION',
    ]) {
      expect(message).toContain(key);
    }
  });

  it('defaults to pay-at-clinic only', () => {
    expect(loadConfig({}).PAYMENT_PROVIDERS).toEqual(['clinic']);
  });

  it('names each missing key of an enabled payment provider', () => {
    let error: unknown;
    try {
      loadConfig({ PAYMENT_PROVIDERS: 'stripe,razorpay', RAZORPAY_KEY_ID: 'rzp_test_1' });
    } catch (err) {
      error = err;
    }
    const message = (error as Error).message;
    for (const key of [
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'RAZORPAY_KEY_SECRET',
      'RAZORPAY_WEBHOOK_SECRET',
    ]) {
      expect(message).toContain(`${key}: is required when PAYMENT_PROVIDERS includes`);
    }
    expect(message).not.toMatch(/RAZORPAY_KEY_ID:/);
  });

  it('rejects an unknown payment provider', () => {
    expect(() => loadConfig({ PAYMENT_PROVIDERS: 'paypal' })).toThrow(/PAYMENT_PROVIDERS/);
  });
});
