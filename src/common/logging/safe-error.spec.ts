import { safeError } from './safe-error';

describe('safeError', () => {
  it('keeps type, code and message, never the stack', () => {
    const err = Object.assign(new TypeError('boom'), { code: 'E_BOOM' });
    const safe = safeError(err);
    expect(safe).toEqual({ type: 'TypeError', message: 'boom', code: 'E_BOOM' });
    expect(JSON.stringify(safe)).not.toContain('at ');
  });

  it('masks duplicated key values and e-mail addresses', () => {
    const dup = Object.assign(
      new Error(
        'E11000 duplicate key error collection: t.users index: email_1 dup key: { email: "ravi@example.com" }',
      ),
      { code: 11000 },
    );
    expect(safeError(dup)).toEqual({
      type: 'Error',
      code: 11000,
      message:
        'E11000 duplicate key error collection: t.users index: email_1 dup key: { [redacted] }',
    });
    expect(safeError(new Error('No user meera.iyer@example.co.in')).message).toBe(
      'No user [email]',
    );
  });

  it('describes thrown non-errors without their value', () => {
    expect(safeError({ secret: 'x' })).toEqual({
      type: 'object',
      message: 'A non-Error value was thrown',
    });
  });
});
