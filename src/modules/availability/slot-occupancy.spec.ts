import {
  SlotOccupancy,
  TakenIntervalsProvider,
  takenTimeOf,
  type TakenTime,
} from './slot-occupancy';
import type { TimeRange } from './domain/slot-engine';

describe('SlotOccupancy', () => {
  const from = new Date('2026-03-02T00:00:00Z');
  const to = new Date('2026-03-03T00:00:00Z');

  it('reports nothing taken until a provider registers', async () => {
    expect((await new SlotOccupancy().findTakenTime('d1', from, to)).ranges()).toEqual([]);
  });

  it('delegates to the registered provider with the same arguments', async () => {
    const busy: TimeRange = { start: from, end: new Date('2026-03-02T00:30:00Z') };
    const seen: unknown[] = [];
    class Provider extends TakenIntervalsProvider {
      findTakenTime(doctorId: string, a: Date, b: Date): Promise<TakenTime> {
        seen.push([doctorId, a, b]);
        return Promise.resolve(takenTimeOf([busy]));
      }
    }
    const occupancy = new SlotOccupancy();
    const provider = new Provider();
    expect(occupancy.use(provider)).toBeNull();
    expect((await occupancy.findTakenTime('d1', from, to)).ranges()).toEqual([busy]);
    expect(seen).toEqual([['d1', from, to]]);
    expect(occupancy.use(null)).toBe(provider);
    expect((await occupancy.findTakenTime('d1', from, to)).ranges()).toEqual([]);
  });

  it('gives providers a taken time whose digest tells equal busy time from different', async () => {
    let busy: TimeRange[] = [{ start: from, end: new Date('2026-03-02T00:30:00Z') }];
    class Provider extends TakenIntervalsProvider {
      findTakenTime(): Promise<TakenTime> {
        return Promise.resolve(takenTimeOf(busy));
      }
    }
    const occupancy = new SlotOccupancy();
    expect((await occupancy.findTakenTime('d1', from, to)).ranges()).toEqual([]);
    occupancy.use(new Provider());
    const first = await occupancy.findTakenTime('d1', from, to);
    expect(first.ranges()).toEqual(busy);
    busy = [{ start: new Date(from), end: new Date('2026-03-02T00:30:00Z') }];
    const same = await occupancy.findTakenTime('d1', from, to);
    expect(Buffer.compare(first.digest, same.digest)).toBe(0);
    busy = [{ start: from, end: new Date('2026-03-02T01:00:00Z') }];
    const longer = await occupancy.findTakenTime('d1', from, to);
    expect(Buffer.compare(first.digest, longer.digest)).not.toBe(0);
    expect(takenTimeOf([]).digest).toHaveLength(0);
  });
});
