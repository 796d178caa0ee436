import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { buildOpenApiDocument, serializeOpenApi } from '../src/openapi';

/** Writes the sorted OpenAPI document to openapi.json without a listener or a database. */
export async function generateOpenApi(): Promise<string> {
  const config = loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
  });
  const app = await createApp(config, { logger: false, documentOnly: true });
  try {
    return serializeOpenApi(buildOpenApiDocument(app));
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  generateOpenApi()
    .then((text) => {
      const target = resolve(__dirname, '..', 'openapi.json');
      writeFileSync(target, text);
      process.stdout.write(`Wrote ${target}\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
