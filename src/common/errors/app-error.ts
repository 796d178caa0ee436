/**
 * What kind of failure a domain error is. Services speak in kinds, never HTTP statuses;
 * the global exception filter maps kinds to statuses.
 */
export enum ErrorKind {
  Validation = 'validation',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  BusinessRule = 'business_rule',
  TooManyRequests = 'too_many_requests',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  Unavailable = 'unavailable',
}

/** A failure with a stable machine-readable code that clients can branch on. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds a client should wait before retrying (429/503, 409 CONFLICT_RETRY). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (code: string, message: string): AppError =>
  new AppError(ErrorKind.NotFound, code, message);
export const conflict = (code: string, message: string, details?: unknown): AppError =>
  new AppError(ErrorKind.Conflict, code, message, details);
export const businessRule = (code: string, message: string, details?: unknown): AppError =>
  new AppError(ErrorKind.BusinessRule, code, message, details);
export const badRequest = (code: string, message: string, details?: unknown): AppError =>
  new AppError(ErrorKind.Validation, code, message, details);
export const unauthenticated = (code: string, message: string): AppError =>
  new AppError(ErrorKind.Unauthenticated, code, message);
export const forbidden = (code: string, message: string): AppError =>
  new AppError(ErrorKind.Forbidden, code, message);
export const tooManyRequests = (
  code: string,
  message: string,
  retryAfterSeconds: number,
): AppError => new AppError(ErrorKind.TooManyRequests, code, message, undefined, retryAfterSeconds);
export const payloadTooLarge = (code: string, message: string): AppError =>
  new AppError(ErrorKind.PayloadTooLarge, code, message);
export const unsupportedMediaType = (code: string, message: string): AppError =>
  new AppError(ErrorKind.UnsupportedMediaType, code, message);
