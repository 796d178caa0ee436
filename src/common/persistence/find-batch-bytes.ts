import { mongo } from 'mongoose';

export interface FindBatchBytesQuery {
  filter: mongo.Filter<mongo.Document>;
  projection: mongo.Document;
  sort: mongo.Sort;
  /** The most rows one reply may carry; a query that matches more is answered by a cursor. */
  batchSize: number;
}

/**
 * The matching documents of `query` as the bytes of one BSON array (what the server sent as
 * `firstBatch`), for callers that compare results more often than they read them: equal bytes
 * mean equal rows, in order, and `decodeBatch` turns them into documents when needed.
 *
 * A driver cursor would build an on-demand document per row, even with `raw`; for a month of a
 * doctor's appointments (~240 rows), read on every slots request, that was most of the request's
 * allocation, and under load it outlived scavenges and filled the old generation. Here the reply
 * is one `find` command whose `cursor` stays undecoded: only its three fields are located.
 *
 * When the rows do not fit in one reply (more than `batchSize`, or 16 MB), the open cursor is
 * closed and the same query runs through a regular cursor, so the answer is always complete.
 */
export async function findBatchBytes(
  db: mongo.Db,
  collection: string,
  query: FindBatchBytesQuery,
): Promise<Uint8Array> {
  const reply = await db.command(findCommand(collection, query), { raw: true });
  const cursor = cursorFields(reply.cursor as Uint8Array);
  if (cursor.id === 0n) {
    // A copy: the reply's buffer is the driver's, and the caller may keep the batch.
    return new Uint8Array(cursor.firstBatch);
  }
  await db.command({ killCursors: collection, cursors: [mongo.Long.fromBigInt(cursor.id)] });
  const rows = await db
    .collection(collection)
    .find(query.filter, { projection: query.projection, sort: query.sort })
    .toArray();
  // An array's BSON is the document of its elements under the keys '0', '1', ...
  return mongo.BSON.serialize({ ...rows });
}

/** The server's query plan for the very command `findBatchBytes` sends. */
export function explainFindBatch(
  db: mongo.Db,
  collection: string,
  query: FindBatchBytesQuery,
): Promise<mongo.Document> {
  return db.command({ explain: findCommand(collection, query), verbosity: 'queryPlanner' });
}

function findCommand(collection: string, query: FindBatchBytesQuery): mongo.Document {
  const { filter, projection, sort, batchSize } = query;
  return { find: collection, filter, projection, sort, batchSize };
}

/** The documents of a batch from `findBatchBytes`, in order. */
export function decodeBatch<T>(batch: Uint8Array): T[] {
  return Object.values(mongo.BSON.deserialize(batch)) as T[];
}

const BSON_ARRAY = 4;
const BSON_INT64 = 18;

/** `firstBatch` (its bytes) and `id` of a find reply's undecoded `cursor` document. */
function cursorFields(cursor: Uint8Array): { firstBatch: Uint8Array; id: bigint } {
  let firstBatch: Uint8Array | undefined;
  let id: bigint | undefined;
  const view = new DataView(cursor.buffer, cursor.byteOffset, cursor.byteLength);
  for (const [type, nameOffset, nameLength, offset, length] of mongo.BSON.onDemand.parseToElements(
    cursor,
    0,
  )) {
    const name = mongo.BSON.onDemand.ByteUtils.toUTF8(
      cursor,
      nameOffset,
      nameOffset + nameLength,
      false,
    );
    if (name === 'firstBatch' && type === BSON_ARRAY) {
      firstBatch = cursor.subarray(offset, offset + length);
    } else if (name === 'id' && type === BSON_INT64) {
      id = view.getBigInt64(offset, true);
    }
  }
  if (!firstBatch || id === undefined) {
    throw new Error('The find reply has no cursor with firstBatch and id');
  }
  return { firstBatch, id };
}
