import { Logger } from '@nestjs/common';
import mongoose from 'mongoose';
import { AppConfig } from '../config/app-config';
import { describeMongoUri } from '../config/mongodb-uri';
import { startEmbeddedMongo } from './embedded-mongo';
import { oneLine, StartupError } from './startup-error';

/**
 * Waits, once and for at most MONGODB_STARTUP_TIMEOUT_MS, until MongoDB answers, before Nest
 * builds the app. Without this the first connection is retried inside Nest's module
 * initialisation for minutes, with a stack trace per attempt; here a failure is one line that
 * names the host and MONGODB_URI. The app's own connection keeps its shorter request-time
 * timeouts, which this probe does not need to share.
 */
export async function connectAtStartup(config: AppConfig, logger: Logger): Promise<void> {
  const uri = config.MONGODB_URI ?? (await startEmbeddedMongo(logger));
  const target = describeMongoUri(uri);
  const timeoutMs = config.MONGODB_STARTUP_TIMEOUT_MS;
  logger.log(`Connecting to MongoDB at ${target}, waiting up to ${timeoutMs / 1000} s`);
  const started = Date.now();
  const probe = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    autoCreate: false,
    autoIndex: false,
    bufferCommands: false,
  });
  try {
    await probe.asPromise();
    await probe.db?.command({ ping: 1 });
  } catch (err) {
    throw new StartupError(
      `Could not connect to MongoDB at ${target} within ${Math.round((Date.now() - started) / 1000)} s ` +
        `(${oneLine(err)}). Check MONGODB_URI and that the server is running ` +
        '(MONGODB_STARTUP_TIMEOUT_MS sets how long to wait).',
    );
  } finally {
    await probe.close().catch(() => undefined);
  }
  logger.log(`MongoDB answered in ${Date.now() - started} ms`);
}
