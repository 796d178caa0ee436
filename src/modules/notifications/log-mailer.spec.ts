import { Logger } from '@nestjs/common';
import { LogMailer } from './log-mailer';

describe('LogMailer', () => {
  let log: jest.SpyInstance;
  beforeEach(() => {
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => log.mockRestore());

  const message = (i: number) => ({
    to: `u${i}@example.com`,
    subject: `s${i}`,
    text: `secret-${i}`,
  });

  it('keeps the last 50 messages, oldest first', async () => {
    const mailer = new LogMailer(true);
    for (let i = 0; i < 55; i++) {
      await mailer.send(message(i));
    }
    expect(mailer.outbox).toHaveLength(50);
    expect(mailer.outbox[0]).toEqual(message(5));
    expect(mailer.outbox[49]).toEqual(message(54));
  });

  it('logs the body only when told to (not in production, where it may hold a reset link)', async () => {
    await new LogMailer(true).send(message(1));
    expect(log).toHaveBeenLastCalledWith({ mail: message(1) }, expect.any(String));
    await new LogMailer(false).send(message(2));
    expect(log).toHaveBeenLastCalledWith(
      { mail: { to: 'u2@example.com', subject: 's2' } },
      expect.any(String),
    );
    expect(JSON.stringify(log.mock.calls.at(-1))).not.toContain('secret-2');
  });
});
