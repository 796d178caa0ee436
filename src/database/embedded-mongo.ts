import { Logger } from '@nestjs/common';
import type { MongoMemoryReplSet } from 'mongodb-memory-server-core';
import { oneLine, StartupError } from './startup-error';

let embedded: MongoMemoryReplSet | undefined;

const ALTERNATIVES =
  'Use a MongoDB server instead: `docker compose up -d mongo`, then ' +
  'MONGODB_URI="mongodb://127.0.0.1:27017/docbook?directConnection=true" npm start ' +
  '(or point MONGODB_URI at any MongoDB replica set).';

/**
 * Starts a single-node in-memory replica set (so transactions work) for development runs without
 * MONGODB_URI. The first run downloads a mongod binary; without network that fails, and the error
 * says how to use a server instead.
 */
export async function startEmbeddedMongo(logger: Logger): Promise<string> {
  if (embedded) {
    return embedded.getUri('docbook');
  }
  const { MongoBinary, MongoMemoryReplSet } = await import('mongodb-memory-server-core');
  logger.warn(
    'MONGODB_URI is not set: starting an embedded MongoDB replica set (data is not kept)',
  );
  // Fetching the binary first keeps a failed download to our one message: the replica set's
  // own start-up failure is also printed, with a stack, by mongodb-memory-server.
  try {
    await MongoBinary.getPath();
  } catch (err) {
    throw new StartupError(
      `Could not get a mongod binary for the embedded MongoDB (${oneLine(err)}). ${ALTERNATIVES}`,
    );
  }
  try {
    embedded = await MongoMemoryReplSet.create({
      replSet: { count: 1, storageEngine: 'wiredTiger' },
    });
  } catch (err) {
    throw new StartupError(
      `Could not start the embedded MongoDB (${oneLine(err)}). ${ALTERNATIVES}`,
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
