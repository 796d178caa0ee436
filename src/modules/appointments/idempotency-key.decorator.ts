import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

import { AppointmentsErrorCode, appointmentsError } from './appointments.errors';

/** 1..255 visible ASCII characters (no spaces or control characters), e.g. a UUID. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function parseIdempotencyKey(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw appointmentsError(
      AppointmentsErrorCode.IdempotencyKeyInvalid,
      'Idempotency-Key must be 1 to 255 visible ASCII characters',
    );
  }
  return value;
}

/** The request's validated `Idempotency-Key` header, or undefined when it has none. */
export const IdempotencyKeyHeader = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): string | undefined =>
    parseIdempotencyKey(ctx.switchToHttp().getRequest<Request>().headers['idempotency-key']),
);
