import { AppError, ErrorKind } from '../../common/errors/app-error';
import { clientMessage } from './prescripto-messages';

const err = (code: string, details?: unknown) =>
  new AppError(ErrorKind.Validation, code, `our message for ${code}`, details);

describe('Prescripto client messages', () => {
  it('prefers the route’s field entry, then its code entry, then its wildcard, then the defaults', () => {
    const table = { 'VALIDATION_FAILED:email': 'Please enter a valid email', SLOT_TAKEN: 'Taken' };
    const invalidEmail = err('VALIDATION_FAILED', [{ field: 'email', errors: ['bad'] }]);
    expect(clientMessage(invalidEmail, table)).toBe('Please enter a valid email');
    expect(clientMessage(err('SLOT_TAKEN'), table)).toBe('Taken');
    expect(clientMessage(err('SLOT_TAKEN'), undefined)).toBe('Slot Not Available');
    expect(clientMessage(err('PAYMENT_SIGNATURE_INVALID'), { '*': 'Payment Failed' })).toBe(
      'Payment Failed',
    );
    expect(clientMessage(err('SESSION_REVOKED'), undefined)).toBe('Not Authorized Login Again');
  });

  it('keeps our message for codes the clients have no wording for, and ignores non-AppErrors', () => {
    expect(clientMessage(err('NOT_STARTED'), undefined)).toBeNull();
    expect(clientMessage(err('PRESCRIPTO_MISSING_DETAILS'), undefined)).toBeNull();
    expect(clientMessage(new Error('boom'), { '*': 'x' })).toBeNull();
  });
});
