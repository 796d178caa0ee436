import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('DocBook API')
    .setDescription(
      'Doctor appointment booking platform. Every response is an envelope: ' +
        '`{ success, message, data }` on success, `{ success: false, message, code, details }` on error.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
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
