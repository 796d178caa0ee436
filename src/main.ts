import 'reflect-metadata';
import './database/mongoose-settings';
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { loadConfig, ConfigValidationError } from './config/app-config';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp(config);
  await app.listen(config.PORT);
  new Logger('Bootstrap').log(
    `DocBook API listening on port ${config.PORT}; docs at ${config.PUBLIC_BASE_URL}/docs`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
