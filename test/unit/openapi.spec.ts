import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateOpenApi } from '../../scripts/openapi';

describe('openapi.json', () => {
  it('is current (run `npm run openapi` and commit the result when this fails)', async () => {
    const committed = readFileSync(resolve(__dirname, '../../openapi.json'), 'utf8');
    const generated = await generateOpenApi();
    expect(JSON.parse(generated)).toEqual(JSON.parse(committed));
    expect(generated).toBe(committed);
  });

  it('types the envelope of every operation and declares bearer auth', async () => {
    const doc = JSON.parse(await generateOpenApi());
    expect(doc.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer' });
    for (const [path, item] of Object.entries<Record<string, { responses: object }>>(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const success = Object.entries(op.responses).filter(([code]) => code.startsWith('2'));
        expect({ path, method, documented: success.length > 0 }).toEqual({
          path,
          method,
          documented: true,
        });
      }
    }
  });

  describe('document-wide conventions', () => {
    type Response = {
      description: string;
      headers?: Record<string, unknown>;
      content?: { 'application/json'?: { examples?: Record<string, { value: { code: string } }> } };
    };
    type Operation = {
      tags: string[];
      parameters?: Array<{ in: string; name: string; schema: { pattern?: string } }>;
      responses: Record<string, Response>;
    };
    let doc: {
      servers: Array<{ url: string }>;
      tags: Array<{ name: string; description: string }>;
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, unknown> };
    };
    const operations = () =>
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => ({ id: `${method} ${path}`, op })),
      );

    beforeAll(async () => {
      doc = JSON.parse(await generateOpenApi());
    });

    it('has a relative server and a described top-level tag for every tag used, all valid ids', () => {
      expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
      const declared = doc.tags.map((t) => t.name);
      for (const tag of doc.tags) {
        expect(tag.name).toMatch(/^[a-z][a-z0-9-]*$/);
        expect(tag.description.length).toBeGreaterThan(10);
      }
      const used = new Set(operations().flatMap(({ op }) => op.tags));
      expect([...used].filter((t) => !declared.includes(t))).toEqual([]);
      expect(declared.filter((t) => !used.has(t))).toEqual([]);
    });

    it('gives every error status its own examples, one per listed code', () => {
      for (const { id, op } of operations()) {
        for (const [status, response] of Object.entries(op.responses)) {
          expect({ id, status, requestId: Boolean(response.headers?.['X-Request-Id']) }).toEqual({
            id,
            status,
            requestId: true,
          });
          if (Number(status) < 400) {
            continue;
          }
          const examples = response.content?.['application/json']?.examples ?? {};
          const codes = Object.keys(examples);
          expect({ id, status, codes: codes.length > 0 }).toEqual({ id, status, codes: true });
          const listed = response.description.split('Codes: ')[1]?.split(', ') ?? [];
          expect({ id, status, codes: [...listed].sort() }).toEqual({ id, status, codes });
          for (const [code, example] of Object.entries(examples)) {
            expect(example.value.code).toBe(code);
          }
          if (status === '429' || status === '503') {
            expect({ id, status, retryAfter: Boolean(response.headers?.['Retry-After']) }).toEqual({
              id,
              status,
              retryAfter: true,
            });
          }
        }
      }
      const book = doc.paths['/api/v1/appointments'].post.responses;
      expect(Object.keys(book['409'].content?.['application/json']?.examples ?? {})).toContain(
        'SLOT_TAKEN',
      );
      expect(Object.keys(book['401'].content?.['application/json']?.examples ?? {})).toContain(
        'UNAUTHORIZED',
      );
    });

    it('documents 429 on every rate-limited operation (all but the health probes)', () => {
      for (const { id, op } of operations()) {
        const limited = !op.tags.includes('health');
        expect({ id, has429: Boolean(op.responses['429']) }).toEqual({ id, has429: limited });
      }
    });

    it('puts the ObjectId pattern on every id path parameter', () => {
      for (const { id, op } of operations()) {
        for (const p of op.parameters ?? []) {
          if (p.in !== 'path' || !(p.name === 'id' || p.name.endsWith('Id'))) {
            continue;
          }
          expect({ id, name: p.name, pattern: p.schema.pattern }).toEqual({
            id,
            name: p.name,
            pattern: '^[0-9a-fA-F]{24}$',
          });
        }
      }
    });

    it('leaves no untyped object (an empty record in generated clients)', () => {
      const untyped: string[] = [];
      const visit = (node: unknown, where: string): void => {
        if (Array.isArray(node)) {
          return node.forEach((n, i) => visit(n, `${where}[${i}]`));
        }
        if (!node || typeof node !== 'object') {
          return;
        }
        const n = node as Record<string, unknown>;
        const isSchema = n.type === 'object' || 'nullable' in n;
        if (
          isSchema &&
          n.type === 'object' &&
          !n.properties &&
          !n.additionalProperties &&
          !n.allOf &&
          !n.oneOf &&
          !n.$ref
        ) {
          untyped.push(where);
        }
        for (const [k, v] of Object.entries(n)) {
          if (k !== 'example') {
            visit(v, `${where}.${k}`);
          }
        }
      };
      visit(doc.paths, 'paths');
      visit(doc.components.schemas, 'schemas');
      expect(untyped).toEqual([]);
    });
  });
});
