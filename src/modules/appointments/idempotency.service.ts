import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, ErrorKind, isAppError } from '../../common/errors/app-error';
import { CommonErrorCode } from '../../common/errors/error-codes';
import { AppointmentsErrorCode, appointmentsError } from './appointments.errors';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { IDEMPOTENCY_TTL_SECONDS, type StoredOutcome } from './schemas/idempotency-key.schema';

/** How long a repeated request waits for the first one with its key to finish. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 50;
/** An in-progress key older than this belongs to a request whose process died: take it over. */
const ABANDONED_AFTER_MS = 60_000;

// Errors worth remembering are answers about the request itself; overload, outages and
// collisions with concurrent writes are not, so a retry with the same key gets a fresh attempt.
const TRANSIENT_KINDS: ReadonlySet<ErrorKind> = new Set([
  ErrorKind.TooManyRequests,
  ErrorKind.Unavailable,
]);
const isTransient = (err: AppError): boolean =>
  TRANSIENT_KINDS.has(err.kind) || err.code === CommonErrorCode.ConflictRetry;

export interface IdempotentRequest {
  userId: string;
  /** The client's Idempotency-Key, already validated; undefined runs the work plainly. */
  key: string | undefined;
  /** Names the operation, so one key cannot be replayed against another operation. */
  operation: string;
  /** The normalised input; a different input under the same key is refused. */
  input: Record<string, string>;
}

/**
 * Runs an operation at most once per (user, Idempotency-Key) within 24 h and replays its
 * outcome (result or domain error) to repeats. A concurrent repeat (a double click) waits for
 * the first to finish instead of running the operation again.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(private readonly keys: IdempotencyKeysRepository) {}

  async run<T>(request: IdempotentRequest, work: () => Promise<T>): Promise<T> {
    if (request.key === undefined) {
      return work();
    }
    const id = `${request.userId}:${request.key}`;
    const hash = requestHash(request.operation, request.input);
    const giveUpAt = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const now = new Date();
      if (await this.keys.claim(id, hash, now)) {
        return this.execute(id, work);
      }
      const existing = await this.keys.find(id);
      if (!existing) {
        continue;
      } // released or expired meanwhile: claim again
      if (existing.requestHash !== hash) {
        throw appointmentsError(
          AppointmentsErrorCode.IdempotencyKeyReused,
          'This Idempotency-Key was already used for a different request',
        );
      }
      const age = now.getTime() - new Date(existing.createdAt).getTime();
      if (age >= IDEMPOTENCY_TTL_SECONDS * 1000) {
        // Expired; the TTL monitor only runs once a minute.
        await this.keys.removeIfOlderThan(
          id,
          new Date(now.getTime() - IDEMPOTENCY_TTL_SECONDS * 1000),
        );
        continue;
      }
      if (existing.state === 'completed' && existing.outcome) {
        return replay<T>(existing.outcome);
      }
      if (age >= ABANDONED_AFTER_MS) {
        await this.keys.removeIfOlderThan(id, new Date(now.getTime() - ABANDONED_AFTER_MS));
        continue;
      }
      if (Date.now() >= giveUpAt) {
        throw appointmentsError(
          AppointmentsErrorCode.IdempotencyKeyInProgress,
          'A request with this Idempotency-Key is still being processed; retry shortly',
        );
      }
      await sleep(POLL_MS);
    }
  }

  private async execute<T>(id: string, work: () => Promise<T>): Promise<T> {
    let data: T;
    try {
      data = await work();
    } catch (err) {
      if (isAppError(err) && !isTransient(err)) {
        await this.remember(id, {
          ok: false,
          error: {
            kind: err.kind,
            code: err.code,
            message: err.message,
            ...(err.details !== undefined ? { details: err.details } : {}),
          },
        });
      } else {
        // Unexpected failure: forget the key so the client's retry runs the operation again.
        await this.keys.release(id).catch((e: unknown) => {
          this.logger.warn(`Could not release idempotency key: ${String(e)}`);
        });
      }
      throw err;
    }
    await this.remember(id, { ok: true, data });
    return data;
  }

  private async remember(id: string, outcome: StoredOutcome): Promise<void> {
    try {
      await this.keys.complete(id, outcome);
    } catch (err) {
      // The operation's own outcome stands; a repeat will wait, then take the key over.
      this.logger.error(`Could not store an idempotent outcome: ${String(err)}`);
    }
  }
}

function requestHash(operation: string, input: Record<string, string>): string {
  const canonical = JSON.stringify(
    Object.keys(input)
      .sort()
      .map((k) => [k, input[k]]),
  );
  return createHash('sha256').update(`${operation}\n${canonical}`).digest('hex');
}

function replay<T>(outcome: StoredOutcome): T {
  if (outcome.ok) {
    return outcome.data as T;
  }
  const e = outcome.error;
  const kind = (Object.values(ErrorKind) as string[]).includes(e.kind)
    ? (e.kind as ErrorKind)
    : ErrorKind.BusinessRule;
  throw new AppError(kind, e.code, e.message, e.details);
}
