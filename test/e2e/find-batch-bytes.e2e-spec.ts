import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { decodeBatch, findBatchBytes } from '../../src/common/persistence/find-batch-bytes';
import { createTestApp, type TestApp } from '../utils/test-app';

interface Row {
  at: Date;
  until: Date;
}

/**
 * findBatchBytes answers a find with the rows' bytes as the server sent them. On a real replica
 * set (the emulator runs with --notablescan, so the query must use the index): the bytes decode
 * to the rows in order, equal rows give equal bytes, and a result larger than one reply is still
 * complete, through a cursor, with the same bytes.
 */
describe('findBatchBytes (e2e)', () => {
  let t: TestApp;
  let db: mongo.Db;
  const name = `batch_bytes_${randomUUID().slice(0, 8)}`;
  const query = (from: Date, batchSize = 1000) => ({
    filter: { at: { $gte: from } },
    projection: { _id: 0, at: 1, until: 1 },
    sort: { at: 1 as const },
    batchSize,
  });
  const hour = (h: number) => new Date(Date.UTC(2027, 0, 1, h));

  beforeAll(async () => {
    t = await createTestApp();
    db = t.connection.db!;
    await db.collection(name).createIndex({ at: 1 });
    await db
      .collection<Row>(name)
      .insertMany([5, 1, 3, 2, 4].map((h) => ({ at: hour(h), until: hour(h + 1) })));
  }, 60_000);
  afterAll(async () => {
    await db.collection(name).drop();
    await t.close();
  });

  it('gives the rows in order as bytes that decode to them', async () => {
    const bytes = await findBatchBytes(db, name, query(hour(2)));
    expect(decodeBatch<Row>(bytes)).toEqual(
      [2, 3, 4, 5].map((h) => ({ at: hour(h), until: hour(h + 1) })),
    );
  });

  it('gives equal bytes for equal rows and different bytes once a row changes', async () => {
    const before = await findBatchBytes(db, name, query(hour(1)));
    expect(Buffer.compare(before, await findBatchBytes(db, name, query(hour(1))))).toBe(0);
    await db.collection<Row>(name).updateOne({ at: hour(3) }, { $set: { until: hour(5) } });
    const after = await findBatchBytes(db, name, query(hour(1)));
    expect(Buffer.compare(before, after)).not.toBe(0);
    expect(decodeBatch<Row>(after)[2]).toEqual({ at: hour(3), until: hour(5) });
    await db.collection<Row>(name).updateOne({ at: hour(3) }, { $set: { until: hour(4) } });
  });

  it('answers a result larger than one reply completely, with the same bytes', async () => {
    const whole = await findBatchBytes(db, name, query(hour(1)));
    const paged = await findBatchBytes(db, name, query(hour(1), 2));
    expect(decodeBatch<Row>(paged)).toEqual(decodeBatch<Row>(whole));
    expect(decodeBatch<Row>(paged)).toHaveLength(5);
    expect(Buffer.compare(paged, whole)).toBe(0);
  });

  it('gives an empty batch when nothing matches', async () => {
    expect(decodeBatch<Row>(await findBatchBytes(db, name, query(hour(9))))).toEqual([]);
  });
});
