import type { mongo } from 'mongoose';

const BATCH = 500;

/**
 * Visits every document in _id order (the _id index serves it, so it also runs where collection
 * scans are refused) and applies the `$set` that `change` returns, in batches. A document is
 * updated only if it is unchanged since it was read: a concurrent write from the running app
 * wins, and a re-run finds nothing left to do. Returns how many documents were updated.
 */
export async function eachDocument<T extends { _id: unknown }>(
  collection: mongo.Collection<T>,
  change: (doc: T) => Partial<T> | null,
): Promise<number> {
  let updated = 0;
  let ops: mongo.AnyBulkWriteOperation<T>[] = [];
  const flush = async (): Promise<void> => {
    if (!ops.length) {
      return;
    }
    const result = await collection.bulkWrite(ops, { ordered: false });
    updated += result.modifiedCount;
    ops = [];
  };
  const cursor = collection.find({}, { sort: { _id: 1 }, hint: { _id: 1 }, batchSize: BATCH });
  for await (const doc of cursor) {
    const set = change(doc as T);
    if (!set) {
      continue;
    }
    ops.push({
      updateOne: { filter: doc as mongo.Filter<T>, update: { $set: set } },
    });
    if (ops.length >= BATCH) {
      await flush();
    }
  }
  await flush();
  return updated;
}
