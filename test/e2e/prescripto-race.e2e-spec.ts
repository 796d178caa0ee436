import type { Response } from 'supertest';
import { adminEnv, inBatches } from '../utils/api-journeys';
import {
  addDoctor,
  bookRequest,
  gridSlot,
  prescriptoLogin,
  prescriptoRegister,
} from '../utils/prescripto';
import { UNLIMITED, createTestApp, type TestApp } from '../utils/test-app';

const CONCURRENT = 200;

/** Answers counted by "success message code" (every compatibility answer is a 200). */
function tally(responses: Response[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of responses) {
    const b = r.body as { success: boolean; message: string; code?: string };
    const key = `${r.status} ${String(b.success)} ${b.message}${b.code ? ` ${b.code}` : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * Prescripto's patient app booking one slot for many patients at once: the database's unique
 * index decides, exactly as for /api/v1. State comes from the compatibility routes only.
 */
describe('Prescripto book-appointment races (e2e)', () => {
  let t: TestApp;
  let second: TestApp;
  let doctorId: string;
  let tokens: string[];

  beforeAll(async () => {
    const admin = adminEnv();
    t = await createTestApp({ env: admin.env });
    second = await createTestApp({
      env: { ...admin.env, ...UNLIMITED },
      mongodbUri: t.config.MONGODB_URI,
    });
    const atoken = await prescriptoLogin(t, 'admin', admin.email);
    doctorId = (await addDoctor(t, atoken)).id;
    tokens = (await inBatches(CONCURRENT, (i) => prescriptoRegister(t, `Patient ${i}`))).map(
      (p) => p.token,
    );
  }, 120_000);

  afterAll(async () => {
    await second.close({ dropDatabase: false });
    await t.close();
  });

  const expected = {
    '200 true Appointment Booked': 1,
    '200 false Slot Not Available SLOT_TAKEN': CONCURRENT - 1,
  };

  it(`gives one slot to exactly one of ${CONCURRENT} concurrent book-appointment calls`, async () => {
    const slot = gridSlot(3);
    const responses = await Promise.all(tokens.map((tk) => bookRequest(t, tk, doctorId, slot)));
    expect(tally(responses)).toEqual(expected);
  }, 120_000);

  it(`does the same across two app instances, whatever spelling of the time each browser sends`, async () => {
    const slot = gridSlot(5);
    const spellings = [
      slot.slotTime,
      slot.slotTime.toLowerCase(),
      slot.at.toLocaleTimeString('en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Asia/Kolkata',
      }),
    ];
    const responses = await Promise.all(
      tokens.map((tk, i) =>
        bookRequest(i % 2 === 0 ? t : second, tk, doctorId, {
          slotDate: slot.slotDate,
          slotTime: spellings[i % spellings.length],
        }),
      ),
    );
    expect(tally(responses)).toEqual(expected);
  }, 120_000);
});
