/**
 * What kind of failure a domain error is. Services speak in codes, never HTTP statuses; each
 * module declares once which kind each of its codes is, and the global exception filter maps
 * kinds to statuses.
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

/** The string union of a `{ Name: 'CODE' }` object declared `as const`. */
export type CodeOf<T extends Record<string, string>> = T[keyof T];

/** A module's codes and the kind of each: the one place a code's status is decided. */
export type ErrorKinds<C extends string> = Readonly<Record<C, ErrorKind>>;

/** A failure with a stable machine-readable code that clients can branch on. */
export class AppError<C extends string = string> extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: C,
    message: string,
    readonly details?: unknown,
    /** Seconds a client should wait before retrying (429/503, 409 CONFLICT_RETRY). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export type ErrorFactory<C extends string> = (
  code: C,
  message: string,
  details?: unknown,
  retryAfterSeconds?: number,
) => AppError<C>;

/** Builds a module's error constructor: the kind comes from the module's table, not the caller. */
export function errorFactory<C extends string>(kinds: ErrorKinds<C>): ErrorFactory<C> {
  return (code, message, details, retryAfterSeconds) =>
    new AppError<C>(kinds[code], code, message, details, retryAfterSeconds);
}

/** `instanceof` on a generic class narrows to `AppError<any>`; this keeps the code a string. */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** For the `default` of a switch the compiler has proven exhaustive. */
export function assertUnreachable(value: never, what: string): never {
  throw new Error(`Unhandled ${what}: ${String(value)}`);
}
