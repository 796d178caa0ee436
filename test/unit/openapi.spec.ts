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
});
