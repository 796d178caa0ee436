import { type CodeOf, ErrorKind, errorFactory, type ErrorKinds } from './app-error';

/** Codes produced by the platform itself (modules define their own next to their services). */
export const CommonErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  InvalidId: 'INVALID_ID',
  Duplicate: 'DUPLICATE',
  /** A transaction kept meeting concurrent writes to the same data; the request may be retried. */
  ConflictRetry: 'CONFLICT_RETRY',
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  RouteNotFound: 'ROUTE_NOT_FOUND',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  MalformedBody: 'MALFORMED_BODY',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  UnsupportedEncoding: 'UNSUPPORTED_ENCODING',
  ForbiddenKey: 'FORBIDDEN_KEY',
  RateLimited: 'RATE_LIMITED',
  Internal: 'INTERNAL_ERROR',
  Unavailable: 'SERVICE_UNAVAILABLE',
} as const;
export type CommonErrorCode = CodeOf<typeof CommonErrorCode>;

/**
 * The kinds of the platform's codes that are thrown as AppErrors. METHOD_NOT_ALLOWED and
 * INTERNAL_ERROR only ever come out of the filter itself (405, 500), so they have no kind.
 */
export const COMMON_ERROR_KINDS: ErrorKinds<
  Exclude<CommonErrorCode, 'METHOD_NOT_ALLOWED' | 'INTERNAL_ERROR'>
> = {
  [CommonErrorCode.ValidationFailed]: ErrorKind.Validation,
  [CommonErrorCode.InvalidId]: ErrorKind.Validation,
  [CommonErrorCode.Duplicate]: ErrorKind.Conflict,
  [CommonErrorCode.ConflictRetry]: ErrorKind.Conflict,
  [CommonErrorCode.Unauthorized]: ErrorKind.Unauthenticated,
  [CommonErrorCode.Forbidden]: ErrorKind.Forbidden,
  [CommonErrorCode.NotFound]: ErrorKind.NotFound,
  [CommonErrorCode.RouteNotFound]: ErrorKind.NotFound,
  [CommonErrorCode.PayloadTooLarge]: ErrorKind.PayloadTooLarge,
  [CommonErrorCode.MalformedBody]: ErrorKind.Validation,
  [CommonErrorCode.UnsupportedMediaType]: ErrorKind.UnsupportedMediaType,
  [CommonErrorCode.UnsupportedEncoding]: ErrorKind.UnsupportedMediaType,
  [CommonErrorCode.ForbiddenKey]: ErrorKind.Validation,
  [CommonErrorCode.RateLimited]: ErrorKind.TooManyRequests,
  [CommonErrorCode.Unavailable]: ErrorKind.Unavailable,
};

export const commonError = errorFactory(COMMON_ERROR_KINDS);
