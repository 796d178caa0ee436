import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/bootstrap';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** A MongoDB URI for a database of its own (so test files never see each other's data). */
export function uniqueDatabaseUri(base = process.env.MONGODB_URI): string {
  if (!base) {
    throw new Error('MONGODB_URI is not set (the e2e global setup sets it)');
  }
  const url = new URL(base);
  url.pathname = `/t_${randomBytes(6).toString('hex')}`;
  if (!url.searchParams.has('replicaSet') && !url.searchParams.has('directConnection')) {
    url.searchParams.set('directConnection', 'true');
  }
  return url.toString();
}

/**
 * Env for an instance without admission control (HTTP_MAX_IN_FLIGHT=0): every request of a
 * race reaches the database at once. The race specs run one instance like this and one with
 * the defaults.
 */
export const UNLIMITED = { HTTP_MAX_IN_FLIGHT: '0' } as const;

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  config: AppConfig;
  connection: Connection;
  uploadDir: string;
  get<T>(token: abstract new (...args: never[]) => T): T;
  close(options?: { dropDatabase?: boolean }): Promise<void>;
}

/** What HTTP-only helpers need: an in-process test app or a spawned one. */
export type HttpApp = Pick<TestApp, 'http'>;

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Reuse a database (e.g. two app instances over one database). */
  mongodbUri?: string;
}

/** Boots the real app (same bootstrap as main.ts) against a fresh database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const uploadDir = mkdtempSync(join(tmpdir(), 'docbook-uploads-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_ACCESS_SECRET: TEST_JWT_SECRET,
    BCRYPT_ROUNDS: '4',
    JOBS_ENABLED: 'false',
    THROTTLE_LIMIT: '100000',
    THROTTLE_AUTH_LIMIT: '100000',
    LOGIN_MAX_FAILURES_PER_IP: '10000',
    PUBLIC_BASE_URL: 'http://localhost:3000',
    UPLOAD_DIR: uploadDir,
    ...options.env,
    MONGODB_URI: options.mongodbUri ?? uniqueDatabaseUri(),
  });
  // TEST_LOG_LEVEL=error shows the app's logs (e.g. a 500's stack) while debugging a test.
  const app = await createApp(config, { logger: Boolean(process.env.TEST_LOG_LEVEL) });
  await app.init();
  const connection = app.get<Connection>(getConnectionToken());
  return {
    app,
    http: request(app.getHttpServer()),
    config,
    connection,
    uploadDir,
    get: (token) => app.get(token),
    async close({ dropDatabase = true } = {}) {
      if (dropDatabase) {
        await connection.dropDatabase().catch(() => undefined);
      }
      await app.close();
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}
