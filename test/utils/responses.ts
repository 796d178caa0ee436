import type { Response } from 'supertest';
import type { ErrorEnvelope, SuccessEnvelope } from '../../src/common/dto/envelope.dto';
import type { Page } from '../../src/common/dto/pagination.dto';

// Typed reads of a response body. supertest types `res.body` as `any`; the tests read it only
// through these accessors, typed with the application's own response DTOs, so a field a DTO does
// not have (or a renamed one) fails `tsc` instead of reading `undefined`. They cast and nothing
// more: what the body holds is still each test's assertion to make. Lint forbids member access on
// `any` in test/e2e and test/utils (no-unsafe-member-access), so `res.body.data.x` stays out.

/** What the accessors read: a supertest response, or a recorded `{ status, body }`. */
export type HasBody = Pick<Response, 'body'>;

/** A type as it travels in JSON: dates are ISO strings, everything else keeps its shape. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** The success envelope's `data`, as the response DTO `T` sent over JSON. */
export function dataOf<T = unknown>(res: HasBody): Json<T> {
  return (res.body as SuccessEnvelope<Json<T>>).data;
}

/** A paginated success envelope's `data`: `{ items: T[], total, page, limit }`. */
export function pageOf<T>(res: HasBody): Json<Page<T>> {
  return dataOf<Page<T>>(res);
}

/** The error envelope of a refused request (`success: false`, `code`, `message`, `details`). */
export function errorOf(res: HasBody): Json<ErrorEnvelope> {
  return res.body as Json<ErrorEnvelope>;
}

/** Either envelope, for what both carry (`success`, `message`). */
export function envelopeOf(res: HasBody): Json<SuccessEnvelope<unknown> | ErrorEnvelope> {
  return res.body as Json<SuccessEnvelope<unknown> | ErrorEnvelope>;
}

/** A body that is not one of our envelopes (health, the OpenAPI document, compatibility routes). */
export function bodyOf<T>(res: HasBody): T {
  return res.body as T;
}
