import type { OpenAPIObject } from '@nestjs/swagger';
import { ErrorKind } from './common/errors/app-error';
import { documentErrorCodes } from './openapi-error-codes';

const catalog = new Map<string, ErrorKind>([
  ['SLOT_TAKEN', ErrorKind.Conflict],
  ['VALIDATION_FAILED', ErrorKind.Validation],
  ['INVALID_ID', ErrorKind.Validation],
]);

function doc(status: string, codes: string[]): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/x': {
        post: {
          responses: {
            '201': { description: 'ok' },
            [status]: {
              description: 'err',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/ErrorEnvelope' },
                  examples: Object.fromEntries(codes.map((c) => [c, { value: { code: c } }])),
                },
              },
            },
          },
        },
      },
    },
  };
}

describe('documentErrorCodes', () => {
  it('puts the documented codes of each status in an enum on code', () => {
    const out = documentErrorCodes(doc('400', ['VALIDATION_FAILED', 'INVALID_ID']), catalog);
    const response = out.paths['/x'].post?.responses['400'] as {
      content: Record<string, { schema: unknown }>;
    };
    expect(response.content['application/json'].schema).toEqual({
      allOf: [
        { $ref: '#/components/schemas/ErrorEnvelope' },
        {
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'string', enum: ['INVALID_ID', 'VALIDATION_FAILED'] } },
        },
      ],
    });
  });

  it('refuses a code documented under a status its kind does not answer with', () => {
    expect(() => documentErrorCodes(doc('422', ['SLOT_TAKEN']), catalog)).toThrow(
      'POST /x documents SLOT_TAKEN under 422, but its kind conflict answers 409',
    );
  });

  it('refuses a code no module declares', () => {
    expect(() => documentErrorCodes(doc('409', ['SLOT_GONE']), catalog)).toThrow(
      'POST /x documents 409 SLOT_GONE, which no module declares',
    );
  });
});
