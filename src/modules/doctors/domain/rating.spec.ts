import {
  averageOf,
  isZeroDelta,
  ratingChange,
  ratingDelta,
  roundAverage,
  scoreOf,
  type Star,
} from './rating';

describe('rating aggregate rules', () => {
  const prior = { weight: 5, mean: 3 };
  const totals = (stars: Star[]) => ({
    count: stars.length,
    sum: stars.reduce<number>((a, s) => a + s, 0),
  });

  it('deltas of a rating entering, leaving and changing', () => {
    expect(ratingDelta(4)).toEqual({ count: 1, sum: 4, stars: [0, 0, 0, 1, 0] });
    expect(ratingDelta(2, -1)).toEqual({ count: -1, sum: -2, stars: [0, -1, 0, 0, 0] });
    expect(ratingChange(5, 3)).toEqual({ count: 0, sum: -2, stars: [0, 0, 1, 0, -1] });
    expect(isZeroDelta(ratingChange(3, 3))).toBe(true);
    expect(isZeroDelta(ratingDelta(1))).toBe(false);
  });

  it('the plain average, shown to two decimals', () => {
    expect(averageOf({ count: 0, sum: 0 })).toBe(0);
    expect(roundAverage(averageOf({ count: 3, sum: 13 }))).toBe(4.33);
  });

  it('one 5-star scores below fifty ratings averaging 4.5, whatever the prior weight', () => {
    const fifty = totals([...Array<Star>(25).fill(5), ...Array<Star>(25).fill(4)]);
    for (const weight of [1, 5, 10, 50]) {
      const p = { ...prior, weight };
      expect(scoreOf(totals([5]), p)).toBeLessThan(scoreOf(fifty, p));
    }
    expect(scoreOf(totals([5]), prior)).toBeCloseTo(20 / 6);
    expect(scoreOf(fifty, prior)).toBeCloseTo(240 / 55);
  });

  it('a platform-mean prior of 4.5 would let one 5-star win, which is why the prior is fixed', () => {
    const fifty = totals([...Array<Star>(25).fill(5), ...Array<Star>(25).fill(4)]);
    const platform = { weight: 5, mean: 4.51 };
    expect(scoreOf(totals([5]), platform)).toBeGreaterThan(scoreOf(fifty, platform));
  });

  it('no ratings score 0, after every rated doctor; no prior is the plain average', () => {
    expect(scoreOf({ count: 0, sum: 0 }, prior)).toBe(0);
    expect(scoreOf(totals([1]), prior)).toBeGreaterThan(0);
    expect(scoreOf(totals([5, 4]), { weight: 0, mean: 3 })).toBe(4.5);
  });
});
