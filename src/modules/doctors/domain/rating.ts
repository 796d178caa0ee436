/** Stars a rating can have: the distribution has one counter per star. */
export const STARS = [1, 2, 3, 4, 5] as const;
export type Star = (typeof STARS)[number];

/** Per-star counts, index 0 = one star ... index 4 = five stars. */
export type StarCounts = [number, number, number, number, number];

/**
 * A change to a doctor's rating aggregate, applied with `$inc` in the transaction of the review
 * change it comes from (a review published, edited, hidden, restored or deleted).
 */
export interface RatingDelta {
  count: number;
  sum: number;
  stars: StarCounts;
}

/** The exact aggregate: what a recount of the doctor's published reviews must equal. */
export interface RatingTotals {
  count: number;
  sum: number;
  stars: StarCounts;
}

/**
 * The prior of the fair score: `weight` pseudo-ratings of `mean` stars added to every doctor's
 * own ratings (a Bayesian average).
 */
export interface RatingPrior {
  weight: number;
  mean: number;
}

export const NO_RATINGS: RatingTotals = { count: 0, sum: 0, stars: [0, 0, 0, 0, 0] };

const emptyStars = (): StarCounts => [0, 0, 0, 0, 0];

/** The delta of one rating entering the aggregate (or, with sign -1, leaving it). */
export function ratingDelta(rating: Star, sign: 1 | -1 = 1): RatingDelta {
  const stars = emptyStars();
  stars[rating - 1] = sign;
  return { count: sign, sum: sign * rating, stars };
}

/** The delta of a counted rating changing from `from` to `to` (count unchanged). */
export function ratingChange(from: Star, to: Star): RatingDelta {
  const stars = emptyStars();
  stars[from - 1] -= 1;
  stars[to - 1] += 1;
  return { count: 0, sum: to - from, stars };
}

export const isZeroDelta = (d: RatingDelta): boolean =>
  d.count === 0 && d.sum === 0 && d.stars.every((n) => n === 0);

/** The plain average (sum / count), 0 without ratings. Stored unrounded; shown to 2 decimals. */
export const averageOf = (t: Pick<RatingTotals, 'count' | 'sum'>): number =>
  t.count > 0 ? t.sum / t.count : 0;

/** Two decimals, for responses. */
export const roundAverage = (average: number): number => Math.round(average * 100) / 100;

/**
 * The discovery score (the `rating` sort): the Bayesian average (weight * mean + sum) /
 * (weight + count), so a doctor's few ratings are pulled towards the prior and only many
 * ratings can move the score far from it. A doctor without ratings has no evidence at all and
 * scores 0, after every rated doctor. The same formula runs in the update pipeline of
 * doctors.repository.ts (applyRatingDelta) and in the repair job.
 */
export function scoreOf(t: Pick<RatingTotals, 'count' | 'sum'>, prior: RatingPrior): number {
  if (t.count <= 0) {
    return 0;
  }
  return (prior.weight * prior.mean + t.sum) / (prior.weight + t.count);
}
