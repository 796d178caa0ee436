import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { ErrorKind } from './common/errors/app-error';
import { ErrorEnvelope } from './common/dto/envelope.dto';
import { statusOfKind } from './common/filters/all-exceptions.filter';
import { ERROR_CATALOG } from './error-catalog';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * Turns the codes ApiErrors documents for each error status (the named examples) into an `enum`
 * on that response's `code`, so generated clients can switch on them. Refuses a code no module
 * declares, or one whose kind answers with another status: the document cannot drift from the
 * catalog the filter answers from.
 */
export function documentErrorCodes(
  document: OpenAPIObject,
  catalog: ReadonlyMap<string, ErrorKind> = ERROR_CATALOG,
): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) {
        continue;
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (response && Number(status) >= 400) {
          constrainCode(`${method.toUpperCase()} ${path}`, Number(status), response, catalog);
        }
      }
    }
  }
  return document;
}

function constrainCode(
  operation: string,
  status: number,
  response: ResponseObject | ReferenceObject,
  catalog: ReadonlyMap<string, ErrorKind>,
): void {
  if ('$ref' in response) {
    return;
  }
  const media = response.content?.['application/json'];
  const codes = Object.keys(media?.examples ?? {});
  if (!media || codes.length === 0) {
    return;
  }
  for (const code of codes) {
    const kind = catalog.get(code);
    if (kind === undefined) {
      throw new Error(`${operation} documents ${status} ${code}, which no module declares`);
    }
    if (Number(statusOfKind(kind)) !== status) {
      throw new Error(
        `${operation} documents ${code} under ${status}, but its kind ${kind} answers ${statusOfKind(kind)}`,
      );
    }
  }
  const constraint: SchemaObject = {
    type: 'object',
    required: ['code'],
    properties: { code: { type: 'string', enum: [...codes].sort() } },
  };
  media.schema = {
    allOf: [{ $ref: `#/components/schemas/${ErrorEnvelope.name}` }, constraint],
  };
}
