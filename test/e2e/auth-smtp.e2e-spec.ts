import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../src/config/app-config';
import { Mailer } from '../../src/modules/notifications/mailer';
import { SmtpMailer } from '../../src/modules/notifications/smtp-mailer';
import { login, registerPatient } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** Undoes quoted-printable soft line breaks and escapes, enough to read a token. */
const decodeQp = (raw: string): string =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('password reset e-mail over SMTP (e2e)', () => {
  let t: TestApp;
  let server: SMTPServer;
  const received: Received[] = [];
  const user = 'mailer';
  const pass = randomBytes(12).toString('hex');

  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, cb) {
        if (auth.username === user && auth.password === pass) {
          cb(null, { user });
        } else {
          cb(new Error('Invalid username or password'));
        }
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    t = await createTestApp({
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(port),
        SMTP_SECURE: 'false',
        SMTP_USER: user,
        SMTP_PASS: pass,
        SMTP_FROM: 'DocBook <no-reply@docbook.test>',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('uses the SMTP mailer when SMTP_HOST is set', () => {
    expect(t.get(Mailer)).toBeInstanceOf(SmtpMailer);
  });

  it('delivers the reset e-mail through SMTP, and its token resets the password', async () => {
    const u = await registerPatient(t);
    await t.http.post(`${API}/auth/password/forgot`).send({ email: u.email }).expect(202);
    let mail: Received | undefined;
    for (let i = 0; i < 100 && !mail; i++) {
      mail = received.find((m) => m.to.includes(u.email));
      if (!mail) {
        await new Promise((r) => setTimeout(r, 30));
      }
    }
    if (!mail) {
      throw new Error('no e-mail reached the SMTP server');
    }
    expect(mail.from).toBe('no-reply@docbook.test');
    expect(mail.raw).toMatch(/^Subject: Reset your DocBook password/m);
    const token = /reset code: ([A-Za-z0-9_-]{43})/.exec(decodeQp(mail.raw))?.[1];
    expect(token).toBeDefined();
    await t.http
      .post(`${API}/auth/password/reset`)
      .send({ token, newPassword: 'Smtp-delivered-pass-1' })
      .expect(200);
    await login(t, u.email, 'Smtp-delivered-pass-1');
  });

  it('rejects with the SMTP error when the server refuses the credentials', async () => {
    const { port } = server.server.address() as AddressInfo;
    const mailer = new SmtpMailer(
      loadConfig({
        NODE_ENV: 'test',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(port),
        SMTP_USER: user,
        SMTP_PASS: 'wrong',
      }),
    );
    try {
      await expect(mailer.send({ to: 'x@example.com', subject: 's', text: 't' })).rejects.toThrow();
    } finally {
      mailer.onModuleDestroy();
    }
  });
});
