import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { TEST_JWT_SECRET } from './test-app';
import { API } from './http';

const root = resolve(__dirname, '../..');

/** The app in a process of its own (main.ts from source), so a test can kill it mid-request. */
export interface SpawnedApp {
  http: TestAgent;
  baseUrl: string;
  /** SIGKILL: no shutdown hooks, no finally blocks, open requests cut off. */
  kill(): Promise<void>;
  output(): string;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

/** Starts the app with the test defaults plus `env` and waits until it answers /health. */
export async function spawnApp(env: Record<string, string>): Promise<SpawnedApp> {
  const cwd = mkdtempSync(join(tmpdir(), 'docbook-spawned-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', require.resolve('ts-node/register'), join(root, 'src/main.ts')],
    {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        TS_NODE_TRANSPILE_ONLY: 'true',
        TS_NODE_PROJECT: join(root, 'tsconfig.json'),
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        JWT_ACCESS_SECRET: TEST_JWT_SECRET,
        BCRYPT_ROUNDS: '4',
        THROTTLE_LIMIT: '100000',
        THROTTLE_AUTH_LIMIT: '100000',
        LOGIN_MAX_FAILURES_PER_IP: '10000',
        UPLOAD_DIR: join(cwd, 'uploads'),
        PORT: String(port),
        ...env,
      },
    },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const http = request(baseUrl);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ok = await http
      .get(`${API}/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) {
      break;
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The spawned app did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    http,
    baseUrl,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 25 ms until it returns true (or fails after `ms`). */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('Timed out waiting for a condition');
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
