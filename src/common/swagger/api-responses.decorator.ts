import { applyDecorators, HttpStatus, Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorEnvelope, SuccessEnvelope } from '../dto/envelope.dto';
import { CommonErrorCode } from '../errors/error-codes';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

/** The codes an operation answers with, per status (/docs offers their examples in this order). */
export type ErrorCodes = Partial<Record<ErrorStatus, readonly string[]>>;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Invalid input (validation failed, unknown field, bad id)',
  401: 'Missing, invalid or expired access token',
  403: 'The caller may not do this',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'Payload too large',
  422: 'A business rule forbids this',
  429: 'Too many requests; wait for Retry-After seconds',
  503: 'Service unavailable; retry after Retry-After seconds',
};

/**
 * What each status answers with when an operation does not name its own codes. Module codes are
 * spelled out here because common/ does not import feature modules.
 */
const DEFAULT_CODES: Record<DefaultedStatus, readonly string[]> = {
  400: [CommonErrorCode.ValidationFailed, CommonErrorCode.InvalidId],
  401: [CommonErrorCode.Unauthorized, 'TOKEN_EXPIRED', 'SESSION_REVOKED'],
  403: ['FORBIDDEN_ROLE'],
  413: [CommonErrorCode.PayloadTooLarge],
  429: [CommonErrorCode.RateLimited],
  503: [CommonErrorCode.Unavailable],
};

/** Example messages, as the services word them; other codes get a message from the code. */
const EXAMPLE_MESSAGES: Record<string, string> = {
  [CommonErrorCode.ValidationFailed]: 'email: email must be an email',
  [CommonErrorCode.InvalidId]: 'id must be a 24-character hex ObjectId',
  [CommonErrorCode.Unauthorized]: 'Authentication required',
  TOKEN_EXPIRED: 'Access token expired',
  SESSION_REVOKED: 'This session has ended; sign in again',
  FORBIDDEN_ROLE: 'Your role may not do this',
  [CommonErrorCode.NotFound]: 'Not found',
  [CommonErrorCode.PayloadTooLarge]: 'Payload too large',
  [CommonErrorCode.RateLimited]: 'Too many requests, slow down',
  [CommonErrorCode.Unavailable]: 'The service is temporarily unavailable, try again shortly',
  SLOT_TAKEN: 'This slot has just been booked by someone else',
  SLOT_NOT_OFFERED: 'This slot is not offered',
  DOCTOR_NOT_BOOKABLE: 'This doctor is not accepting bookings',
  PATIENT_OVERLAP: 'You already have an appointment at that time',
  APPOINTMENT_NOT_FOUND: 'Appointment not found',
  DOCTOR_NOT_FOUND: 'Doctor not found',
  USER_NOT_FOUND: 'User not found',
  CANNOT_MODIFY_ADMIN: 'Administrators cannot be suspended',
  EMAIL_TAKEN: 'An account with this e-mail already exists',
  INVALID_CREDENTIALS: 'Invalid e-mail or password',
  ACCOUNT_SUSPENDED: 'This account is suspended',
  IMAGE_TOO_LARGE: 'The image is larger than the configured limit',
  UNSUPPORTED_IMAGE_TYPE: 'The image must be JPEG, PNG or WebP',
};

const EXAMPLE_DETAILS: Record<string, unknown> = {
  [CommonErrorCode.ValidationFailed]: [{ field: 'email', errors: ['email must be an email'] }],
};

const EXAMPLE_REQUEST_ID = '3f1c9a52-8d2e-4c47-9b0e-2a6f7d1e5b90';

function exampleMessage(code: string): string {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return EXAMPLE_MESSAGES[code] ?? `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

function errorExample(code: string) {
  return {
    success: false,
    message: exampleMessage(code),
    code,
    ...(code in EXAMPLE_DETAILS ? { details: EXAMPLE_DETAILS[code] } : {}),
    requestId: EXAMPLE_REQUEST_ID,
  };
}

interface EnvelopeOptions {
  status?: number;
  description?: string;
  isArray?: boolean;
}

/**
 * Documents a success envelope whose `data` is the given model (or null), so generated clients
 * get a typed `data`.
 */
export function ApiEnvelope(model: Type<unknown> | null, options: EnvelopeOptions = {}) {
  const data = model
    ? options.isArray
      ? { type: 'array', items: { $ref: getSchemaPath(model) } }
      : { $ref: getSchemaPath(model) }
    : // Typed as plain `null` (not an empty object) in generated clients.
      { nullable: true, enum: [null], example: null };
  return applyDecorators(
    ApiExtraModels(SuccessEnvelope, ...(model ? [model] : [])),
    ApiResponse({
      status: options.status ?? HttpStatus.OK,
      description: options.description ?? 'Success',
      schema: {
        allOf: [
          { $ref: getSchemaPath(SuccessEnvelope) },
          { type: 'object', required: ['data'], properties: { data } },
        ],
      },
    }),
  );
}

/** Documents a paginated success envelope: `data: { items: Model[], total, page, limit }`. */
export function ApiPageEnvelope(model: Type<unknown>, description = 'A page of results') {
  return applyDecorators(
    ApiExtraModels(SuccessEnvelope, model),
    ApiResponse({
      status: HttpStatus.OK,
      description,
      schema: {
        allOf: [
          { $ref: getSchemaPath(SuccessEnvelope) },
          {
            type: 'object',
            required: ['data'],
            properties: {
              data: {
                type: 'object',
                required: ['items', 'total', 'page', 'limit'],
                properties: {
                  items: { type: 'array', items: { $ref: getSchemaPath(model) } },
                  total: { type: 'integer', example: 42 },
                  page: { type: 'integer', example: 1 },
                  limit: { type: 'integer', example: 20 },
                },
              },
            },
          },
        ],
      },
    }),
  );
}

/** Statuses whose platform codes fit any operation; the others need the operation's own codes. */
type DefaultedStatus = 400 | 401 | 403 | 413 | 429 | 503;

const ERROR_STATUSES_KEY = 'docbook:errorStatuses';

/**
 * Documents error envelopes: `ApiErrors(400, 401)` uses each status's platform codes,
 * `ApiErrors(400, { 404: ['DOCTOR_NOT_FOUND'], 409: ['SLOT_TAKEN'] })` names an operation's own.
 * Each code becomes a named example of its status; buildOpenApiDocument lists them in the
 * description. Several ApiErrors on one operation (Auth's 401/403 and the route's own) add up.
 */
export function ApiErrors(
  ...specs: Array<DefaultedStatus | ErrorCodes>
): MethodDecorator & ClassDecorator {
  const incoming = new Map<ErrorStatus, readonly string[]>();
  for (const spec of specs) {
    if (typeof spec === 'number') {
      incoming.set(spec, DEFAULT_CODES[spec]);
    } else {
      for (const [key, codes] of Object.entries(spec)) {
        if (codes) {
          incoming.set(Number(key) as ErrorStatus, codes);
        }
      }
    }
  }
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder: object = descriptor ? (descriptor.value as object) : target;
    const known =
      (Reflect.getMetadata(ERROR_STATUSES_KEY, holder) as ReadonlySet<ErrorStatus> | undefined) ??
      new Set<ErrorStatus>();
    Reflect.defineMetadata(ERROR_STATUSES_KEY, new Set([...known, ...incoming.keys()]), holder);
    const decorators = [...incoming].map(([status, codes]) =>
      ApiResponse({
        status,
        // Nest concatenates the descriptions of repeated statuses; the examples it merges.
        description: known.has(status) ? '' : ERROR_DESCRIPTIONS[status],
        type: ErrorEnvelope,
        examples: Object.fromEntries(
          codes.map((code) => [code, { summary: exampleMessage(code), value: errorExample(code) }]),
        ),
      }),
    );
    applyDecorators(ApiExtraModels(ErrorEnvelope), ...decorators)(
      target,
      key as string | symbol,
      descriptor as PropertyDescriptor,
    );
  };
}
