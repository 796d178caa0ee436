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
