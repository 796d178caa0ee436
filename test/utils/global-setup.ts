import { MongoMemoryReplSet } from 'mongodb-memory-server-core';

declare global {
  var __MONGO_REPLSET__: MongoMemoryReplSet | undefined;
}

/**
 * Uses MONGODB_URI when given (CI points it at a server); otherwise starts an embedded
 * single-node replica set, as `npm start` does in development.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    return;
  }
  try {
    const replSet = await MongoMemoryReplSet.create({ replSet: { count: 1 } });
    globalThis.__MONGO_REPLSET__ = replSet;
    process.env.MONGODB_URI = replSet.getUri();
  } catch (err) {
    throw new Error(
      `No MONGODB_URI and the embedded MongoDB could not start (${String(err)}). ` +
        'Set MONGODB_URI to a MongoDB replica set, e.g. mongodb://127.0.0.1:27017/?replicaSet=rs0 ' +
        '(after `docker compose up -d mongo`: mongodb://127.0.0.1:27017/?directConnection=true)',
    );
  }
}
