import mongoose from 'mongoose';
import type { AppError } from '../common/errors/app-error';
import { CommonErrorCode, commonError } from '../common/errors/error-codes';

/**
 * What a client is told to wait before retrying while MongoDB is unreachable: long enough for a
 * few heartbeats to notice the server is back, short enough not to stall a retrying client.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export const databaseUnavailable = (): AppError<CommonErrorCode> =>
  commonError(
    CommonErrorCode.Unavailable,
    'The service is temporarily unavailable, try again shortly',
    undefined,
    DATABASE_RETRY_AFTER_SECONDS,
  );

const { MongoError, MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError } =
  mongoose.mongo;

/** Driver errors that are not exported as classes, recognised by their stable names. */
const UNAVAILABLE_NAMES = new Set([
  'MongoTopologyClosedError',
  'MongoClientClosedError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
  'MongooseServerSelectionError',
]);

/** Labels the driver puts on errors caused by the connection or the server's state. */
const UNAVAILABLE_LABELS = ['RetryableWriteError', 'ResetPool'];

/**
 * Server error codes of a node that cannot serve right now (stepping down, shutting down,
 * unreachable peers): the same request succeeds once the replica set has a primary again.
 */
const UNAVAILABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** Mongoose's own message when an operation waited for a connection that never came back. */
const BUFFERING_TIMED_OUT = /buffering timed out after/;

/** True when the error means "MongoDB cannot be reached right now", not "this request is bad". */
export function isDatabaseUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    UNAVAILABLE_NAMES.has(error.name)
  ) {
    return true;
  }
  if (error instanceof MongoError) {
    if (UNAVAILABLE_LABELS.some((label) => error.hasErrorLabel(label))) {
      return true;
    }
    if (typeof error.code === 'number' && UNAVAILABLE_CODES.has(error.code)) {
      return true;
    }
  }
  return error instanceof mongoose.Error && BUFFERING_TIMED_OUT.test(error.message);
}
