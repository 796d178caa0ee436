import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import mongoose, { type ClientSession, type Connection } from 'mongoose';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppError } from '../common/errors/app-error';
import { CommonErrorCode, commonError } from '../common/errors/error-codes';

/** Attempts of one transaction (the first try included) before giving up on conflicts. */
const MAX_ATTEMPTS = 8;
/** No new attempt starts later than this after the first one did. */
const RETRY_BUDGET_MS = 2_000;
/** Attempts and budget of a `contended` transaction, as a multiple of the above. */
const CONTENDED_SCALE = 4;
/** Longest wait between attempts; the actual wait is random up to an exponential cap. */
const MAX_BACKOFF_MS = 200;
/** How long the server may spend committing (e.g. waiting for a majority) before failing. */
const MAX_COMMIT_TIME_MS = 2_000;
/** Seconds a client is told to wait when the conflicts did not clear. */
const RETRY_AFTER_SECONDS = 1;

const TRANSIENT = 'TransientTransactionError';
const UNKNOWN_COMMIT = 'UnknownTransactionCommitResult';

/**
 * Effects to run once the transaction of a session has committed (see `afterCommit`). Kept per
 * session and cleared at every attempt, so an aborted or retried attempt leaves none behind.
 */
const committedEffects = new WeakMap<ClientSession, Array<() => Promise<unknown>>>();

/**
 * Runs `effect` after the transaction `session` belongs to commits, before `TransactionRunner.run`
 * returns; right away when `session` is absent or not in a transaction. For signals to other
 * readers that must never be seen before the data they announce, and must not be written inside
 * the transaction (a per-doctor counter bumped by every booking would make concurrent bookings
 * of one doctor conflict). An effect handles (logs) its own failures: once the transaction has
 * committed, a rejected effect is ignored rather than turning a done change into an error.
 */
export async function afterCommit(
  session: ClientSession | null | undefined,
  effect: () => Promise<unknown>,
): Promise<void> {
  const pending = session?.inTransaction() ? committedEffects.get(session) : undefined;
  if (pending) {
    pending.push(effect);
    return;
  }
  await effect();
}

const hasLabel = (err: unknown, label: string): boolean =>
  err instanceof mongoose.mongo.MongoError && err.hasErrorLabel(label);

// Connectivity failures carry the transient label too, but they are outages, not conflicts:
// they go to the caller unchanged.
const isConnectivity = (err: unknown): boolean =>
  err instanceof mongoose.mongo.MongoNetworkError ||
  err instanceof mongoose.mongo.MongoServerSelectionError;

/**
 * Runs work in a MongoDB transaction on the driver's session API.
 *
 * Not mongoose's `connection.transaction`: on abort it resets the state of the documents saved
 * in the callback, and with `strict: 'throw'` that reset throws on nested subdocuments, so the
 * real error (a duplicate key, a domain error) was replaced by a StrictModeError. Nor the
 * driver's `withTransaction`, which retries conflicts for up to 120 s, so a request stuck behind
 * a transaction abandoned by a crashed instance hung for a minute. Here conflicts are retried a
 * few times within about two seconds, then answered 409 CONFLICT_RETRY; every other error is
 * rethrown as it was raised.
 */
export interface TransactionOptions {
  /**
   * For transactions that all write one shared document by design (a gap-free invoice counter):
   * conflicts among them are expected, so they get more attempts and time before 409.
   */
  contended?: boolean;
}

@Injectable()
export class TransactionRunner {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async run<T>(
    work: (session: ClientSession) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const session = await this.connection.startSession();
    const scale = options.contended ? CONTENDED_SCALE : 1;
    const giveUpAt = Date.now() + RETRY_BUDGET_MS * scale;
    const mayRetry = (attempt: number) => attempt < MAX_ATTEMPTS * scale && Date.now() < giveUpAt;
    try {
      for (let attempt = 1; ; attempt++) {
        session.startTransaction({ maxCommitTimeMS: MAX_COMMIT_TIME_MS });
        const effects: Array<() => Promise<unknown>> = [];
        committedEffects.set(session, effects);
        let result: T;
        try {
          result = await work(session);
        } catch (err) {
          await abortQuietly(session);
          if (!hasLabel(err, TRANSIENT) || isConnectivity(err)) {
            throw err;
          }
          if (!mayRetry(attempt)) {
            throw conflictRetry();
          }
          await backoff(attempt, scale);
          continue;
        }
        const committed = await commit(session, () => mayRetry(attempt));
        if (committed) {
          committedEffects.delete(session);
          for (const effect of effects) {
            await effect().catch(() => undefined);
          }
          return result;
        }
        if (!mayRetry(attempt)) {
          throw conflictRetry();
        }
        await backoff(attempt, scale);
      }
    } finally {
      await session.endSession().catch(() => undefined);
    }
  }
}

/**
 * Commits; true when committed, false when the whole transaction has to run again. An unknown
 * commit result is retried as a commit (the driver makes that safe), while time allows.
 */
async function commit(session: ClientSession, mayRetry: () => boolean): Promise<boolean> {
  for (;;) {
    try {
      await session.commitTransaction();
      return true;
    } catch (err) {
      if (isConnectivity(err)) {
        throw err;
      }
      if (hasLabel(err, UNKNOWN_COMMIT) && mayRetry()) {
        await backoff(1);
        continue;
      }
      if (hasLabel(err, TRANSIENT)) {
        await abortQuietly(session);
        return false;
      }
      throw err;
    }
  }
}

async function abortQuietly(session: ClientSession): Promise<void> {
  if (!session.inTransaction()) {
    return;
  }
  // The server aborts a failed transaction on its own; this only releases it sooner, so its
  // failure must not replace the error being reported.
  await session.abortTransaction().catch(() => undefined);
}

/**
 * A random wait up to an exponential cap. A `contended` transaction's cap is scaled like its
 * attempts and budget: with many writers of one document, short waits only make the losers
 * spend their attempts within the first seconds (and load the server) instead of spreading
 * them over the budget.
 */
function backoff(attempt: number, scale = 1): Promise<void> {
  const cap = Math.min(MAX_BACKOFF_MS * scale, 10 * 2 ** attempt);
  return sleep(Math.floor(Math.random() * cap));
}

function conflictRetry(): AppError<CommonErrorCode> {
  return commonError(
    CommonErrorCode.ConflictRetry,
    'The request collided with a concurrent change of the same data; retry it',
    undefined,
    RETRY_AFTER_SECONDS,
  );
}
