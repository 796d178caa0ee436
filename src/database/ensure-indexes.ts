import { Logger } from '@nestjs/common';
import type { Connection } from 'mongoose';

/**
 * Creates every index declared on the schemas before the app takes traffic: uniqueness (no double
 * booking, one account per e-mail) must hold from the first request, so this is not left to
 * Mongoose's background autoIndex.
 */
export async function ensureIndexes(connection: Connection, logger: Logger): Promise<void> {
  const started = Date.now();
  for (const name of connection.modelNames()) {
    const model = connection.model(name);
    await model.createCollection().catch((err: { code?: number }) => {
      if (err.code !== 48) {
        throw err;
      } // 48: NamespaceExists
    });
    await model.createIndexes();
  }
  logger.log(
    `Indexes ensured for ${connection.modelNames().length} models in ${Date.now() - started} ms`,
  );
}
