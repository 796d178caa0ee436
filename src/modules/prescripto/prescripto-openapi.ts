import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const FAILURE_NOTE =
  ' Every refusal is a **200** with `{ success: false, message, code, requestId }` (the client’s ' +
  'message); 429 and 503 keep their status.';

/**
 * A Prescripto route in the OpenAPI document (tagged by PrescriptoController): the 200 body the clients read
 * (`success`, `message` and the route's fields).
 */
export function ApiPrescripto(summary: string, fields: Record<string, SchemaObject> = {}) {
  return applyDecorators(
    ApiOperation({ summary, description: `Prescripto compatibility route.${FAILURE_NOTE}` }),
    ApiOkResponse({
      description: 'Success, or a refusal with success false',
      schema: {
        type: 'object',
        required: ['success'],
        properties: {
          success: { type: 'boolean' },
          message: { type: 'string' },
          code: { type: 'string', description: 'Our error code, on refusals' },
          requestId: { type: 'string', description: 'On refusals' },
          ...fields,
        },
      },
    }),
  );
}

export const OBJECT: SchemaObject = { type: 'object', additionalProperties: true };
export const LIST: SchemaObject = { type: 'array', items: OBJECT };
export const TOKEN: SchemaObject = { type: 'string', description: 'Session-bound token' };
