import { Reflector } from '@nestjs/core';
import { isAppError } from '../../common/errors/app-error';

/**
 * Which message a Prescripto client is shown for one of our error codes. A key is a code, or
 * `CODE:field` for a validation error whose first failing field is `field`, or `*` for any
 * code. The route's own table (`@PrescriptoMessages`) wins over the defaults; our PRESCRIPTO_*
 * errors already carry the client's wording; any other code keeps our message.
 */
export type MessageTable = Readonly<Record<string, string>>;

export const PrescriptoMessages = Reflector.createDecorator<MessageTable>();

export const DEFAULT_MESSAGES: MessageTable = {
  SESSION_REVOKED: 'Not Authorized Login Again',
  TOKEN_EXPIRED: 'Not Authorized Login Again',
  UNAUTHORIZED: 'Not Authorized Login Again',
  ACCOUNT_SUSPENDED: 'Not Authorized Login Again',
  INVALID_CREDENTIALS: 'Invalid credentials',
  EMAIL_TAKEN: 'User already exists',
  SLOT_TAKEN: 'Slot Not Available',
  SLOT_NOT_OFFERED: 'Slot Not Available',
  DOCTOR_NOT_BOOKABLE: 'Doctor Not Available',
  DOCTOR_NOT_FOUND: 'Doctor Not Available',
  APPOINTMENT_NOT_FOUND: 'Unauthorized action',
  ACTION_NOT_ALLOWED: 'Unauthorized action',
};

/** The field a validation error is about (our ValidationPipe's details), if any. */
function firstField(details: unknown): string | null {
  if (Array.isArray(details) && details.length > 0) {
    const field = (details[0] as { field?: unknown }).field;
    return typeof field === 'string' ? field.split('.')[0] : null;
  }
  return null;
}

/** The client message for an error, or null to keep the error's own message. */
export function clientMessage(err: unknown, table: MessageTable | undefined): string | null {
  if (!isAppError(err)) {
    return null;
  }
  const field = firstField(err.details);
  const keys = field ? [`${err.code}:${field}`, err.code] : [err.code];
  for (const key of keys) {
    const own = table?.[key];
    if (own !== undefined) {
      return own;
    }
  }
  if (table?.['*'] !== undefined) {
    return table['*'];
  }
  return DEFAULT_MESSAGES[err.code] ?? null;
}
