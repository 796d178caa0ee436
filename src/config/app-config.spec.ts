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
