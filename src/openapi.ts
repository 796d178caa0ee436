import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { NOT_RATE_LIMITED } from './common/decorators/no-rate-limit.decorator';
import { ErrorEnvelope } from './common/dto/envelope.dto';
import { API_TAG_DESCRIPTIONS } from './common/swagger/api-tags';
import { documentErrorCodes } from './openapi-error-codes';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

const OBJECT_ID_PATTERN = '^[0-9a-fA-F]{24}$';
const LOCAL_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('DocBook API')
    .setDescription(
      'Doctor appointment booking platform. Every response is an envelope: ' +
        '`{ success, message, data }` on success, `{ success: false, message, code, details }` on error. ' +
        'Every response carries an `X-Request-Id` header (send your own to correlate logs); ' +
        '429 and 503 answers carry `Retry-After`.',
    )
    .setVersion('1.0.0')
    // Relative, so "Try it out" calls whichever host and scheme served this page.
    .addServer('/', 'The server that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const [name, description] of Object.entries(API_TAG_DESCRIPTIONS)) {
    builder.addTag(name, description);
  }
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return documentErrorCodes(describeCommonResponses(document));
}

/**
 * What holds for every operation and would be noise on each route: the response headers, the
 * 429 of the global rate limit and the shape of ids in paths.
 */
function describeCommonResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    headers: {
      'X-Request-Id': {
        description: "The request's id (the client's X-Request-Id when valid), as in the logs",
        schema: { type: 'string', example: '3f1c9a52-8d2e-4c47-9b0e-2a6f7d1e5b90' },
      },
      'Retry-After': {
        description: 'Seconds to wait before retrying',
        schema: { type: 'integer', minimum: 1, example: 30 },
      },
    },
  };
  const rateLimited = rateLimitedResponse(document);
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation: (OperationObject & { [NOT_RATE_LIMITED]?: boolean }) | undefined =
        item[method];
      if (!operation) {
        continue;
      }
      if (operation[NOT_RATE_LIMITED]) {
        delete operation[NOT_RATE_LIMITED];
      } else if (!operation.responses['429']) {
        operation.responses['429'] = structuredClone(rateLimited);
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (response) {
          describeResponse(status, response);
        }
      }
      for (const parameter of operation.parameters ?? []) {
        describeParameter(parameter);
      }
    }
  }
  return document;
}

function rateLimitedResponse(document: OpenAPIObject): ResponseObject {
  // Any operation's documented 429 has the shape; build one from ApiErrors' output.
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const response = item[method]?.responses['429'];
      if (
        response &&
        !('$ref' in response) &&
        response.content?.['application/json']?.examples?.['RATE_LIMITED']
      ) {
        return response;
      }
    }
  }
  return {
    description: 'Too many requests; wait for Retry-After seconds. Codes: RATE_LIMITED',
    content: {
      'application/json': { schema: { $ref: `#/components/schemas/${ErrorEnvelope.name}` } },
    },
  };
}

function describeResponse(status: string, response: ResponseObject | ReferenceObject): void {
  if ('$ref' in response) {
    return;
  }
  const examples = response.content?.['application/json']?.examples;
  if (status >= '400' && examples && !response.description.includes('Codes:')) {
    response.description = `${response.description}. Codes: ${Object.keys(examples).join(', ')}`;
  }
  response.headers = {
    ...response.headers,
    'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
    ...(status === '429' || status === '503'
      ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } }
      : {}),
  };
}

function describeParameter(parameter: ParameterObject | ReferenceObject): void {
  if ('$ref' in parameter || parameter.in !== 'path' || !parameter.schema) {
    return;
  }
  if ('$ref' in parameter.schema) {
    return;
  }
  if (parameter.name === 'id' || parameter.name.endsWith('Id')) {
    parameter.schema = { ...parameter.schema, pattern: OBJECT_ID_PATTERN };
    parameter.description ??= 'A 24-character hex ObjectId (400 INVALID_ID otherwise)';
  } else if (parameter.name === 'date') {
    parameter.schema = { ...parameter.schema, pattern: LOCAL_DATE_PATTERN };
  }
}

/** Recursively sorts object keys (not arrays) so the committed document diffs cleanly. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((v: unknown) => sortKeys(v)) as T;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}

export function serializeOpenApi(doc: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
}
