import { Types } from 'mongoose';
import { LogMailer } from '../../src/modules/notifications/log-mailer';
import { Mailer, type MailMessage } from '../../src/modules/notifications/mailer';
import { bearer, login, registerPatient, uniqueEmail } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { envelopeOf, errorOf } from '../utils/responses';

const NEW_PASSWORD = 'Brand-new-passphrase-9';

describe('auth password reset (e2e)', () => {
  let t: TestApp;
  let outbox: MailMessage[];

  beforeAll(async () => {
    t = await createTestApp({ env: { PASSWORD_RESET_URL: 'https://app.example.com/reset' } });
    const mailer = t.get(Mailer);
    if (!(mailer instanceof LogMailer)) {
      throw new Error('expected the log outbox mailer');
    }
    outbox = mailer.outbox;
  });
  afterAll(() => t.close());

  const forgot = (email: unknown) => t.http.post(`${API}/auth/password/forgot`).send({ email });
  const reset = (token: unknown, newPassword: unknown = NEW_PASSWORD) =>
    t.http.post(`${API}/auth/password/reset`).send({ token, newPassword });

  /** The reset sends in the background; wait for its e-mail. */
  async function mailTo(email: string, after = 0): Promise<MailMessage> {
    for (let i = 0; i < 100; i++) {
      const found = outbox.slice(after).find((m) => m.to === email);
      if (found) {
        return found;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no e-mail to ${email}`);
  }
  const tokenIn = (mail: MailMessage): string => {
    const match = /token=([A-Za-z0-9_-]{43})/.exec(mail.text);
    if (!match) {
      throw new Error('no token in the e-mail');
    }
    return match[1];
  };
  /** Lets background work settle, so a missing e-mail means none was sent. */
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('answers the same 202 for known and unknown e-mails, mailing only the known one', async () => {
    const u = await registerPatient(t);
    const ghost = uniqueEmail('ghost');
    const known = await forgot(u.email.toUpperCase()).expect(202);
    const unknown = await forgot(ghost).expect(202);
    expect(known.body).toEqual(unknown.body);
    expect(known.body).toEqual({
      success: true,
      message: 'If an account exists for this e-mail, a reset link is on its way',
      data: null,
    });
    const mail = await mailTo(u.email);
    expect(mail.subject).toMatch(/reset/i);
    expect(mail.text).toContain('https://app.example.com/reset?token=');
    await settle();
    expect(outbox.some((m) => m.to === ghost)).toBe(false);
  });

  it('resets once: new password works, every session ends, the token is single use', async () => {
    const u = await registerPatient(t);
    const other = await login(t, u.email, u.password);
    const before = outbox.length;
    await forgot(u.email).expect(202);
    const token = tokenIn(await mailTo(u.email, before));

    const stored = await t.connection
      .collection('password_resets')
      .findOne({ userId: new Types.ObjectId(u.id) });
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);

    const res = await reset(token).expect(200);
    expect(envelopeOf(res).success).toBe(true);
    for (const access of [u.accessToken, other.accessToken]) {
      const r = await t.http.get(`${API}/auth/sessions`).set(bearer(access)).expect(401);
      expect(errorOf(r).code).toBe('SESSION_REVOKED');
    }
    await t.http
      .post(`${API}/auth/login`)
      .send({ email: u.email, password: u.password })
      .expect(401);
    await login(t, u.email, NEW_PASSWORD);

    const again = await reset(token, 'Yet-another-passphrase-1').expect(400);
    expect(errorOf(again).code).toBe('INVALID_RESET_TOKEN');
    await login(t, u.email, NEW_PASSWORD);
  });

  it('a successful reset invalidates the other outstanding tokens of the account', async () => {
    const u = await registerPatient(t);
    let mark = outbox.length;
    await forgot(u.email).expect(202);
    const first = tokenIn(await mailTo(u.email, mark));
    mark = outbox.length;
    await forgot(u.email).expect(202);
    const second = tokenIn(await mailTo(u.email, mark));
    await reset(second).expect(200);
    const res = await reset(first, 'Yet-another-passphrase-1').expect(400);
    expect(errorOf(res).code).toBe('INVALID_RESET_TOKEN');
  });

  it('concurrent resets with one token: exactly one succeeds', async () => {
    const u = await registerPatient(t);
    const mark = outbox.length;
    await forgot(u.email).expect(202);
    const token = tokenIn(await mailTo(u.email, mark));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => reset(token, `Concurrent-passphrase-${i}`)),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(7);
  });

  it('refuses expired and unknown tokens with 400 INVALID_RESET_TOKEN', async () => {
    const u = await registerPatient(t);
    const mark = outbox.length;
    await forgot(u.email).expect(202);
    const token = tokenIn(await mailTo(u.email, mark));
    await t.connection
      .collection('password_resets')
      .updateMany(
        { userId: new Types.ObjectId(u.id) },
        { $set: { expiresAt: new Date(Date.now() - 1000) } },
      );
    const expired = await reset(token).expect(400);
    expect(errorOf(expired).code).toBe('INVALID_RESET_TOKEN');
    const unknown = await reset('A'.repeat(43)).expect(400);
    expect(errorOf(unknown).code).toBe('INVALID_RESET_TOKEN');
    await login(t, u.email, u.password);
  });

  it('clears the failed sign-in count of the account', async () => {
    const u = await registerPatient(t);
    await t.connection.collection('login_failures').insertMany(
      Array.from({ length: 10 }, () => ({
        key: `acct:${u.email}`,
        at: new Date(),
        expiresAt: new Date(Date.now() + 600_000),
      })),
    );
    const mark = outbox.length;
    await forgot(u.email).expect(202);
    await reset(tokenIn(await mailTo(u.email, mark))).expect(200);
    expect(
      await t.connection.collection('login_failures').countDocuments({ key: `acct:${u.email}` }),
    ).toBe(0);
  });

  it('sends nothing for a suspended account', async () => {
    const u = await registerPatient(t);
    await t.connection
      .collection('users')
      .updateOne({ _id: new Types.ObjectId(u.id) }, { $set: { status: 'suspended' } });
    const mark = outbox.length;
    await forgot(u.email).expect(202);
    await settle();
    expect(outbox.slice(mark).some((m) => m.to === u.email)).toBe(false);
  });

  it('still answers 202 when the mailer fails (the failure is only logged)', async () => {
    const u = await registerPatient(t);
    const spy = jest.spyOn(t.get(Mailer), 'send').mockRejectedValueOnce(new Error('SMTP down'));
    try {
      await forgot(u.email).expect(202);
      await settle();
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it.each([
    ['forgot: invalid e-mail', 'forgot', { email: 'nope' }, 'VALIDATION_FAILED'],
    ['forgot: unknown field', 'forgot', { email: 'a@b.co', x: 1 }, 'VALIDATION_FAILED'],
    ['forgot: operator', 'forgot', { email: { $ne: null } }, 'FORBIDDEN_KEY'],
    ['reset: weak password', 'reset', { token: 'x', newPassword: 'password' }, 'VALIDATION_FAILED'],
    ['reset: missing token', 'reset', { newPassword: NEW_PASSWORD }, 'VALIDATION_FAILED'],
    [
      'reset: long token',
      'reset',
      { token: 'x'.repeat(200), newPassword: NEW_PASSWORD },
      'VALIDATION_FAILED',
    ],
    [
      'reset: operator',
      'reset',
      { token: { $ne: null }, newPassword: NEW_PASSWORD },
      'FORBIDDEN_KEY',
    ],
    [
      'reset: unknown field',
      'reset',
      { token: 'x', newPassword: NEW_PASSWORD, userId: 'y' },
      'VALIDATION_FAILED',
    ],
  ])('rejects %s with 400', async (_label, route, body, code) => {
    const res = await t.http.post(`${API}/auth/password/${route}`).send(body).expect(400);
    expect(errorOf(res).code).toBe(code);
  });
});
