import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { createAdmin } from '../factories/doctors.factory';
import { createTestApp, type TestApp } from '../utils/test-app';
import { bodyOf } from '../utils/responses';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const PROGRAM = join(__dirname, 'generated-client', 'book-journey.ts.txt');

/**
 * The committed openapi.json (kept current by test/unit/openapi.spec.ts) must be enough for a
 * mainstream generator (openapi-typescript + openapi-fetch) to drive the booking journey from a
 * strict TypeScript program without a single cast.
 */
describe('a client generated from openapi.json (e2e)', () => {
  let t: TestApp;
  let dir: string;
  let baseUrl: string;
  let journey: { status: string; paymentState: string } | undefined;

  beforeAll(async () => {
    // The relay runs (as in production), so the doctor is listed after the password change.
    t = await createTestApp({ env: { JOBS_ENABLED: 'true', OUTBOX_POLL_MS: '100' } });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'docbook-client-'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    copyFileSync(PROGRAM, join(dir, 'book-journey.ts'));
  });

  afterAll(async () => {
    await t?.close();
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the journey program has no casts', () => {
    const source = readFileSync(PROGRAM, 'utf8');
    const casts = [
      /\bas\s+(?!const\b)[A-Za-z{[(]/,
      /[=(,:]\s*<[A-Za-z][\w.[\]]*>\s*[\w(]/,
      /!\.|!;|!\)|!,/,
    ];
    for (const cast of casts) {
      expect(source).not.toMatch(cast);
    }
    expect(source).not.toMatch(/@ts-|\bany\b/);
  });

  it('generates types, type-checks with --strict and books an appointment', async () => {
    await run(process.execPath, [
      join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'),
      join(ROOT, 'openapi.json'),
      '--output',
      join(dir, 'api.d.ts'),
      // Otherwise a request property with a documented default becomes required.
      '--default-non-nullable=false',
    ]);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'commonjs' }));
    const compilerOptions = {
      strict: true,
      noEmit: true,
      target: 'es2022',
      module: 'node16',
      moduleResolution: 'node16',
      lib: ['es2022', 'dom'],
      types: ['node'],
      skipLibCheck: false,
    };
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions, files: ['book-journey.ts'] }),
    );
    try {
      await run(process.execPath, [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '--strict',
        '--noEmit',
        '-p',
        dir,
      ]);
    } catch (err) {
      const out = err as { stdout?: string };
      throw new Error(`tsc --strict failed:\n${out.stdout ?? String(err)}`);
    }

    const js = ts.transpileModule(readFileSync(join(dir, 'book-journey.ts'), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(dir, 'book-journey.js'), js.outputText);
    const admin = await createAdmin(t);
    const { stdout } = await run(process.execPath, [join(dir, 'book-journey.js')], {
      env: {
        ...process.env,
        BASE_URL: baseUrl,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
      },
      timeout: 120_000,
    });
    const result = JSON.parse(stdout) as {
      status: string;
      paymentState: string;
      slotStart: string;
    };
    journey = result;
    expect(result).toEqual({
      doctorImage: true,
      status: 'confirmed',
      paymentState: 'pay_at_clinic',
      startsAt: result.slotStart,
      slotStart: expect.any(String),
      secondAttempt: { status: 422, code: 'PATIENT_OVERLAP' },
    });
    // Generating, type-checking the whole document with --strict and running the journey take
    // tens of seconds on a busy 2-CPU machine.
  }, 240_000);

  it('documents the 201 of POST /appointments with what the default mode answers', async () => {
    const doc = bodyOf<OpenAPIObject>(await t.http.get('/docs-json').expect(200));
    const appointment = doc.components!.schemas!.AppointmentResponseDto as SchemaObject;
    const props = appointment.properties as Record<string, SchemaObject>;
    expect(t.config.PAYMENT_MODE).toBe('clinic');
    expect(journey).toBeDefined();
    expect({
      status: props.status.example,
      paymentState: props.paymentState.example,
      holdExpiresAt: props.holdExpiresAt.example,
    }).toEqual({
      status: journey?.status,
      paymentState: journey?.paymentState,
      holdExpiresAt: null,
    });
  });
});
