/** Delay before retrying after failed attempt number `attempt` (1-based): 2^n seconds, capped. */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 15 * 60_000): number {
  const exp = Math.min(Math.max(attempt, 1), 30);
  return Math.min(capMs, baseMs * 2 ** exp);
}

export type FailureOutcome = { status: 'dead' } | { status: 'pending'; nextAttemptAt: Date };

/** What happens to a delivery whose attempt number `attempt` failed at `now`. */
export function afterFailure(attempt: number, maxAttempts: number, now: Date): FailureOutcome {
  if (attempt >= maxAttempts) return { status: 'dead' };
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + backoffMs(attempt)) };
}
