import { ScheduleCache, type ScheduleAround } from './schedule-cache';

const around = (label: string): ScheduleAround =>
  ({ record: { label }, overrides: [] }) as unknown as ScheduleAround;

describe('ScheduleCache', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('reads once per doctor, version and date, and again for a new version or date', async () => {
    const cache = new ScheduleCache(10, 60_000, clock);
    const read = jest.fn(async () => around('v1'));
    await cache.get('d1', 1, '2031-01-01', read);
    await cache.get('d1', 1, '2031-01-01', read);
    expect(read).toHaveBeenCalledTimes(1);
    await cache.get('d1', 2, '2031-01-01', read);
    await cache.get('d1', 2, '2031-01-02', read);
    await cache.get('d2', 2, '2031-01-02', read);
    expect(read).toHaveBeenCalledTimes(4);
  });

  it('reads again after the maximum age, and when the clock went back', async () => {
    const cache = new ScheduleCache(10, 60_000, clock);
    const read = jest.fn(async () => around('x'));
    await cache.get('d1', 1, '2031-01-01', read);
    now += 59_999;
    await cache.get('d1', 1, '2031-01-01', read);
    expect(read).toHaveBeenCalledTimes(1);
    now += 1;
    await cache.get('d1', 1, '2031-01-01', read);
    expect(read).toHaveBeenCalledTimes(2);
    now -= 10_000;
    await cache.get('d1', 1, '2031-01-01', read);
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('drops the least recently used entry beyond its size, and keeps nothing at size 0', async () => {
    const cache = new ScheduleCache(2, 60_000, clock);
    const read = jest.fn(async () => around('x'));
    await cache.get('a', 1, 'd', read);
    await cache.get('b', 1, 'd', read);
    await cache.get('a', 1, 'd', read); // a is now the most recent
    await cache.get('c', 1, 'd', read); // b goes
    expect(cache.size).toBe(2);
    expect(read).toHaveBeenCalledTimes(3);
    await cache.get('a', 1, 'd', read);
    expect(read).toHaveBeenCalledTimes(3);
    await cache.get('b', 1, 'd', read);
    expect(read).toHaveBeenCalledTimes(4);

    const off = new ScheduleCache(0, 60_000, clock);
    await off.get('a', 1, 'd', read);
    await off.get('a', 1, 'd', read);
    expect(read).toHaveBeenCalledTimes(6);
    expect(off.size).toBe(0);
  });

  it('does not keep a failed read', async () => {
    const cache = new ScheduleCache(10, 60_000, clock);
    const failing = jest.fn(async (): Promise<ScheduleAround> => {
      throw new Error('database gone');
    });
    await expect(cache.get('d1', 1, 'd', failing)).rejects.toThrow('database gone');
    const read = jest.fn(async () => around('ok'));
    await expect(cache.get('d1', 1, 'd', read)).resolves.toEqual(around('ok'));
    expect(cache.size).toBe(1);
  });
});
