import mongoose from 'mongoose';
import { isDatabaseUnavailableError } from './database-unavailable';

const { MongoServerError, MongoNetworkTimeoutError, MongoNotConnectedError } = mongoose.mongo;

const serverError = (code: number, errorLabels: string[] = []): Error =>
  new MongoServerError({ message: `server error ${code}`, code, errorLabels });

describe('isDatabaseUnavailableError', () => {
  it.each([
    ['a network timeout', new MongoNetworkTimeoutError('timed out')],
    ['a client that is not connected', new MongoNotConnectedError('not connected')],
    ['a primary stepping down', serverError(189)],
    ['a server shutting down', serverError(91)],
    ['an error the driver marks as a retryable write', serverError(262, ['RetryableWriteError'])],
    ['an error that resets the pool', serverError(1, ['ResetPool'])],
    [
      'mongoose giving up on a buffered operation',
      new mongoose.Error('Operation `users.findOne()` buffering timed out after 2000ms'),
    ],
  ])('is true for %s', (_name, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it.each([
    ['a duplicate key', serverError(11000)],
    ['a write conflict', serverError(112, ['TransientTransactionError'])],
    ['a cast error', new mongoose.Error.CastError('ObjectId', 'x', '_id')],
    ['a plain error', new Error('boom')],
    ['a non-error', { code: 91 }],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(false);
  });
});
