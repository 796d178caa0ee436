import mongoose, { type Connection } from 'mongoose';
import { getConnectionToken } from '@nestjs/mongoose';
import { afterCommit, TransactionRunner } from '../../src/database/transaction-runner';
import { createTestApp, type TestApp } from '../utils/test-app';

/** afterCommit on a real replica set: effects see the committed data, aborted attempts none. */
describe('TransactionRunner afterCommit (e2e)', () => {
  let t: TestApp;
  let tx: TransactionRunner;
  let connection: Connection;

  beforeAll(async () => {
    t = await createTestApp();
    tx = t.app.get(TransactionRunner);
    connection = t.app.get<Connection>(getConnectionToken());
  });

  afterAll(() => t.close());

  const things = () => connection.db!.collection<{ _id: string }>('after_commit_things');

  it('runs an effect after the commit, when the data is visible outside the transaction', async () => {
    const seen: Array<number> = [];
    await tx.run(async (session) => {
      await things().insertOne({ _id: 'one' }, { session });
      await afterCommit(session, async () => {
        seen.push(await things().countDocuments({ _id: 'one' }));
      });
      // Not yet: the effect waits for the commit.
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([1]);
  });

  it('drops the effects of an attempt that was retried, and of a transaction that failed', async () => {
    const ran: string[] = [];
    let attempt = 0;
    await tx.run(async (session) => {
      attempt++;
      await afterCommit(session, async () => {
        ran.push(`attempt ${attempt}`);
      });
      if (attempt === 1) {
        const conflict = new mongoose.mongo.MongoServerError({
          message: 'write conflict',
          code: 112,
        });
        conflict.addErrorLabel('TransientTransactionError');
        throw conflict;
      }
    });
    expect(ran).toEqual(['attempt 2']);

    await expect(
      tx.run(async (session) => {
        await afterCommit(session, async () => {
          ran.push('failed');
        });
        throw new Error('domain error');
      }),
    ).rejects.toThrow('domain error');
    expect(ran).toEqual(['attempt 2']);
  });

  it('runs at once without a transaction, and a failing effect does not fail the commit', async () => {
    const ran: string[] = [];
    await afterCommit(undefined, async () => {
      ran.push('now');
    });
    expect(ran).toEqual(['now']);
    await expect(
      tx.run(async (session) => {
        await afterCommit(session, () => Promise.reject(new Error('effect failed')));
        return 'committed';
      }),
    ).resolves.toBe('committed');
  });
});
