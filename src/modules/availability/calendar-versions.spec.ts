import type { Model } from 'mongoose';
import { CalendarVersions } from './calendar-versions';
import type { CalendarVersion } from './schemas/calendar-version.schema';
import type { DoctorsService } from '../doctors/doctors.service';

const DOCTOR_A = '64b7f0c2a1b2c3d4e5f60001';
const DOCTOR_B = '64b7f0c2a1b2c3d4e5f60002';

/** A counter collection whose writes finish when the test says so. */
function fakeCounters() {
  const writes: Array<{ doctorId: string; finish: () => void; finished: boolean }> = [];
  const events: string[] = [];
  const model = {
    collection: {
      updateOne: (filter: { _id: { toHexString(): string } }) =>
        new Promise<void>((resolve) => {
          const doctorId = filter._id.toHexString();
          const write = {
            doctorId,
            finished: false,
            finish: () => {
              write.finished = true;
              events.push(`write ${writes.indexOf(write) + 1} done`);
              resolve();
            },
          };
          writes.push(write);
          events.push(`write ${writes.length} started (${doctorId.slice(-1)})`);
        }),
    },
  };
  const versions = new CalendarVersions(
    model as unknown as Model<CalendarVersion>,
    {} as DoctorsService,
  );
  return { versions, writes, events };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CalendarVersions bumps', () => {
  it('callers arriving during a bump share the one bump that starts after it', async () => {
    const { versions, writes, events } = fakeCounters();
    const answered: string[] = [];
    const first = versions.changed(DOCTOR_A).then(() => answered.push('first'));
    await settle();
    expect(writes).toHaveLength(1);

    // Both arrive while write 1 is on its way: it may predate their commits, so it cannot count.
    const second = versions.changed(DOCTOR_A).then(() => answered.push('second'));
    const third = versions.changed(DOCTOR_A).then(() => answered.push('third'));
    await settle();
    expect(writes).toHaveLength(1);

    writes[0].finish();
    await first;
    await settle();
    expect(answered).toEqual(['first']);
    expect(writes).toHaveLength(2);

    writes[1].finish();
    await Promise.all([second, third]);
    expect(answered).toEqual(['first', 'second', 'third']);
    expect(events).toEqual([
      'write 1 started (1)',
      'write 1 done',
      'write 2 started (1)',
      'write 2 done',
    ]);
  });

  it('a caller arriving after the queued bump started waits for a bump of its own', async () => {
    const { versions, writes } = fakeCounters();
    const first = versions.changed(DOCTOR_A);
    await settle();
    const second = versions.changed(DOCTOR_A);
    writes[0].finish();
    await first;
    await settle();
    expect(writes).toHaveLength(2); // the queued bump is on its way now

    let thirdDone = false;
    const third = versions.changed(DOCTOR_A).then(() => (thirdDone = true));
    writes[1].finish();
    await second;
    await settle();
    expect(thirdDone).toBe(false);
    expect(writes).toHaveLength(3);
    writes[2].finish();
    await third;
    expect(thirdDone).toBe(true);
  });

  it('doctors do not wait for each other, and an idle doctor bumps at once', async () => {
    const { versions, writes } = fakeCounters();
    const a = versions.changed(DOCTOR_A);
    const b = versions.changed(DOCTOR_B);
    await settle();
    expect(writes.map((w) => w.doctorId)).toEqual([DOCTOR_A, DOCTOR_B]);
    writes[1].finish();
    await b;
    writes[0].finish();
    await a;

    const again = versions.changed(DOCTOR_A);
    await settle();
    expect(writes).toHaveLength(3);
    writes[2].finish();
    await again;
  });
});
