import { Logger } from '@nestjs/common';
import type { MongoMemoryReplSet } from 'mongodb-memory-server-core';

let embedded: MongoMemoryReplSet | undefined;

/**
 * Starts a single-node in-memory replica set (so transactions work) for development runs without
 * MONGODB_URI. The first run downloads a mongod binary; without network that fails, and the error
 * says how to use a server instead.
 */
export async function startEmbeddedMongo(logger: Logger): Promise<string> {
  if (embedded) return embedded.getUri();
  const { MongoMemoryReplSet } = await import('mongodb-memory-server-core');
  logger.warn(
    'MONGODB_URI is not set: starting an embedded MongoDB replica set (data is not kept)',
  );
  try {
    embedded = await MongoMemoryReplSet.create({
      replSet: { count: 1, storageEngine: 'wiredTiger' },
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `Could not start the embedded MongoDB (${reason}). ` +
        'Point MONGODB_URI at a MongoDB replica set instead, e.g. ' +
        'MONGODB_URI="mongodb://127.0.0.1:27017/docbook?replicaSet=rs0" npm start ' +
        '(docker compose up mongo starts one).',
    );
  }
  const uri = embedded.getUri('docbook');
  logger.log(`Embedded MongoDB replica set listening at ${uri}`);
  return uri;
}

export async function stopEmbeddedMongo(): Promise<void> {
  const server = embedded;
  embedded = undefined;
  await server?.stop();
}
