import { applyDecorators, HttpStatus, Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorEnvelope, SuccessEnvelope } from '../dto/envelope.dto';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Invalid input (validation failed, unknown field, bad id)',
  401: 'Missing, invalid or expired access token',
  403: 'The caller may not do this',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'Payload too large',
  422: 'A business rule forbids this',
  429: 'Too many requests',
  503: 'Service unavailable',
};

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
    : { type: 'object', nullable: true, example: null };
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

/** Documents error envelopes for the given statuses. */
export function ApiErrors(...statuses: ErrorStatus[]) {
  return applyDecorators(
    ApiExtraModels(ErrorEnvelope),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: ERROR_DESCRIPTIONS[status],
        schema: { $ref: getSchemaPath(ErrorEnvelope) },
      }),
    ),
  );
}
