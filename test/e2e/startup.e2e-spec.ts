import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

interface Run {
  code: number | null;
  output: string;
  /** Milliseconds from spawn until `marker` first appeared in the output (undefined: never). */
  markerAt?: number;
  exitedAt: number;
}

/** Runs `npm start`'s entry point from source (no build needed) and collects its output. */
function start(env: Record<string, string>, marker?: string): Promise<Run> {
  const cwd = mkdtempSync(join(tmpdir(), 'docbook-startup-'));
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['-r', require.resolve('ts-node/register'), join(root, 'src/main.ts')],
    {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        TS_NODE_TRANSPILE_ONLY: 'true',
        TS_NODE_PROJECT: join(root, 'tsconfig.json'),
        UPLOAD_DIR: join(cwd, 'uploads'),
        JOBS_ENABLED: 'false',
        ...env,
      },
    },
  );
  let output = '';
  let markerAt: number | undefined;
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    if (marker && markerAt === undefined && output.includes(marker)) {
      markerAt = Date.now() - started;
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const killer = setTimeout(() => child.kill('SIGKILL'), 100_000);
  return new Promise((done) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      rmSync(cwd, { recursive: true, force: true });
      done({ code, output, markerAt, exitedAt: Date.now() - started });
    });
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

describe('start-up (e2e, spawns the app)', () => {
  jest.setTimeout(180_000);

  let notAUrl: Run;
  let unreachable: Run;
  let noEmbedded: Run;
  let port: number;

  beforeAll(async () => {
    port = await closedPort();
    const downloads = mkdtempSync(join(tmpdir(), 'docbook-mongod-'));
    // Started together: each spends most of its time compiling, and the machine may be slow.
    [notAUrl, unreachable, noEmbedded] = await Promise.all([
      start({ MONGODB_URI: 'notaurl' }),
      start(
        { MONGODB_URI: `mongodb://127.0.0.1:${port}/docbook`, MONGODB_STARTUP_TIMEOUT_MS: '4000' },
        'Connecting to MongoDB',
      ),
      // No MONGODB_URI, an empty binary cache and an unreachable download host: "no network".
      start({
        MONGOMS_DOWNLOAD_DIR: downloads,
        MONGOMS_DOWNLOAD_URL: `http://127.0.0.1:${port}/mongodb.tgz`,
      }),
    ]);
    rmSync(downloads, { recursive: true, force: true });
  });

  it('rejects MONGODB_URI=notaurl at configuration time, naming the variable', () => {
    expect(notAUrl.code).toBe(1);
    expect(notAUrl.output).toContain('Invalid configuration');
    expect(notAUrl.output).toMatch(/MONGODB_URI: must start with mongodb:\/\//);
    expect(notAUrl.output).not.toContain('notaurl');
    expect(notAUrl.output).not.toContain('Connecting to MongoDB');
  });

  it('says at once which MongoDB it is trying, then gives up after the timeout in one line', () => {
    expect(unreachable.code).toBe(1);
    const lines = unreachable.output.trim().split('\n');
    expect(lines[0]).toContain(`Connecting to MongoDB at 127.0.0.1:${port} (database docbook)`);
    // Logged when it happened, not flushed at exit: the wait (4 s) comes after it.
    expect(unreachable.exitedAt - (unreachable.markerAt ?? Infinity)).toBeGreaterThan(3000);
    const failures = lines.filter((l) => l.includes('Could not connect to MongoDB'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/within \d+ s .*Check MONGODB_URI/);
    expect(unreachable.output).not.toMatch(STACK_FRAME);
    expect(lines.length).toBeLessThanOrEqual(3);
  });

  it('explains a failed embedded MongoDB once, with the alternatives, without a stack', () => {
    expect(noEmbedded.code).toBe(1);
    const mentions = noEmbedded.output.match(/docker compose up -d mongo/g) ?? [];
    expect(mentions).toHaveLength(1);
    expect(noEmbedded.output).toMatch(/Failed to start: .*MONGODB_URI=/);
    // The compose member is named mongo:27017, which the host cannot resolve: a host-side URI
    // that discovers the set (?replicaSet=) would never connect.
    expect(noEmbedded.output).toContain(
      'MONGODB_URI="mongodb://127.0.0.1:27017/docbook?directConnection=true"',
    );
    expect(noEmbedded.output).not.toMatch(STACK_FRAME);
    expect(noEmbedded.output).not.toContain('Starting the MongoMemory');
  });
});
