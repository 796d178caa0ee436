import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import mongoose from 'mongoose';
import { existsSync } from 'node:fs';
import { ConfigValidationError, loadConfig } from './config/app-config';
import { describeMongoUri } from './config/mongodb-uri';
import { MigrationRunner } from './database/migrations/migration-runner';

/** `npm run migrate -- up|status`: the same runner the app runs at start-up, without the app. */
async function main(): Promise<void> {
  const command = process.argv[2] ?? 'status';
  if (command !== 'up' && command !== 'status') {
    throw new Error(`Unknown command "${command}": use "up" or "status"`);
  }
  if (existsSync('.env')) {
    process.loadEnvFile('.env');
  }
  const config = loadConfig(process.env);
  if (!config.MONGODB_URI) {
    throw new Error('MONGODB_URI is not set: migrations run against a MongoDB server');
  }
  const logger = new Logger('Migrations');
  logger.log(`MongoDB at ${describeMongoUri(config.MONGODB_URI)}`);
  const connection = await mongoose
    .createConnection(config.MONGODB_URI, {
      serverSelectionTimeoutMS: config.MONGODB_STARTUP_TIMEOUT_MS,
      autoCreate: false,
      autoIndex: false,
    })
    .asPromise();
  try {
    const runner = new MigrationRunner(connection, logger);
    if (command === 'up') {
      const { applied } = await runner.up();
      if (!applied.length) {
        logger.log('No pending migrations');
      }
    } else {
      for (const m of await runner.status()) {
        const state = m.appliedAt ? `applied ${m.appliedAt.toISOString()}` : 'pending';
        process.stdout.write(`${m.id}  ${state}  ${m.description}\n`);
      }
    }
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  const message =
    err instanceof ConfigValidationError || !(err instanceof Error) ? String(err) : err.message;
  process.stderr.write(`Migration failed: ${message.replace(/^Error: /, '')}\n`);
  process.exit(1);
});
