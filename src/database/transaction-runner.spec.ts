import mongoose, { type ClientSession, type Connection } from 'mongoose';
import { AppError, ErrorKind } from '../common/errors/app-error';
import { TransactionRunner } from './transaction-runner';

/** A driver-like session recording what the runner asked of it. */
class FakeSession {
  readonly calls: string[] = [];
  private open = false;
  commitFailures: Error[] = [];

  startTransaction(): void {
    this.calls.push('start');
    this.open = true;
  }
  inTransaction(): boolean {
    return this.open;
  }
  commitTransaction(): Promise<void> {
    this.calls.push('commit');
    const failure = this.commitFailures.shift();
    if (failure) {
      return Promise.reject(failure);
    }
    this.open = false;
    return Promise.resolve();
  }
  abortTransaction(): Promise<void> {
    this.calls.push('abort');
    this.open = false;
    return Promise.resolve();
  }
  endSession(): Promise<void> {
    this.calls.push('end');
    return Promise.resolve();
  }
}

const labelled = (label: string, message = 'WriteConflict') => {
  const err = new mongoose.mongo.MongoServerError({ message, code: 112 });
  err.addErrorLabel(label);
  return err;
};

function runnerWith(session: FakeSession): TransactionRunner {
  const connection = { startSession: () => Promise.resolve(session) } as unknown as Connection;
  return new TransactionRunner(connection);
}

describe('TransactionRunner', () => {
  it('commits once and returns the work result', async () => {
    const session = new FakeSession();
    await expect(runnerWith(session).run(() => Promise.resolve(42))).resolves.toBe(42);
    expect(session.calls).toEqual(['start', 'commit', 'end']);
  });

  it('rethrows a non-transient error as the very same object, after aborting', async () => {
    const session = new FakeSession();
    const duplicate = new mongoose.mongo.MongoServerError({ message: 'E11000', code: 11000 });
    const run = runnerWith(session).run(() => Promise.reject(duplicate));
    await expect(run).rejects.toBe(duplicate);
    expect(session.calls).toEqual(['start', 'abort', 'end']);
  });

  it('retries the work on TransientTransactionError and succeeds', async () => {
    const session = new FakeSession();
    let attempts = 0;
    const result = await runnerWith(session).run(() => {
      attempts++;
      return attempts < 3
        ? Promise.reject(labelled('TransientTransactionError'))
        : Promise.resolve('ok');
    });
    expect(result).toBe('ok');
    expect(attempts).toBe(3);
  });

  it('gives up on persistent conflicts within a few attempts with 409 CONFLICT_RETRY', async () => {
    const session = new FakeSession();
    let attempts = 0;
    const started = Date.now();
    const error: unknown = await runnerWith(session)
      .run(() => {
        attempts++;
        return Promise.reject(labelled('TransientTransactionError'));
      })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(attempts).toBe(8);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      kind: ErrorKind.Conflict,
      code: 'CONFLICT_RETRY',
      retryAfterSeconds: 1,
    });
    expect(session.calls.at(-1)).toBe('end');
  });

  it('retries only the commit on UnknownTransactionCommitResult', async () => {
    const session = new FakeSession();
    session.commitFailures = [labelled('UnknownTransactionCommitResult', 'timeout')];
    let attempts = 0;
    await runnerWith(session).run(() => Promise.resolve(attempts++));
    expect(attempts).toBe(1);
    expect(session.calls).toEqual(['start', 'commit', 'commit', 'end']);
  });

  it('runs the work again when the commit fails transiently', async () => {
    const session = new FakeSession();
    session.commitFailures = [labelled('TransientTransactionError')];
    let attempts = 0;
    await runnerWith(session).run(() => Promise.resolve(attempts++));
    expect(attempts).toBe(2);
  });

  it('passes connectivity failures through unchanged, labelled or not', async () => {
    const session = new FakeSession();
    const network = new mongoose.mongo.MongoNetworkError('connection reset');
    network.addErrorLabel('TransientTransactionError');
    await expect(runnerWith(session).run(() => Promise.reject(network))).rejects.toBe(network);
    expect(session.calls).toEqual(['start', 'abort', 'end']);
  });

  it('keeps a domain error raised by the work', async () => {
    const session = new FakeSession();
    const domain = new AppError(ErrorKind.Conflict, 'SLOT_TAKEN', 'taken');
    const run = runnerWith(session).run((s: ClientSession) => {
      expect(s).toBe(session);
      return Promise.reject(domain);
    });
    await expect(run).rejects.toBe(domain);
  });
});
