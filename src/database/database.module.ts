import { DynamicModule, Global, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import mongoose from 'mongoose';
import { AppConfig } from '../config/app-config';
import { startEmbeddedMongo, stopEmbeddedMongo } from './embedded-mongo';
import { TransactionRunner } from './transaction-runner';

/** Server-side time limit of every query and aggregation. */
const QUERY_MAX_TIME_MS = 5_000;

// Request input must never be able to carry query operators: every filter value that is an
// object with `$` keys is wrapped in `$eq` unless the code marks it with mongoose.trusted(),
// and filters on paths the schema does not declare are errors rather than silently ignored.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', 'throw');
mongoose.set('strict', 'throw');
mongoose.set('autoIndex', false);
// Every query and aggregation gives up after this long instead of waiting, e.g. for a document
// locked by a transaction that a crashed instance abandoned (MongoDB ends it after 60 s).
mongoose.set('maxTimeMS', QUERY_MAX_TIME_MS);

export interface DatabaseOptions {
  /**
   * Do not connect until the first operation. Used to build the OpenAPI document without a
   * database; the app itself always connects eagerly so a bad URI fails at start-up.
   */
  lazy?: boolean;
}

const OFFLINE_URI = 'mongodb://127.0.0.1:9/offline';

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  static forRoot(options: DatabaseOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        MongooseModule.forRootAsync({
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => {
            const logger = new Logger('Database');
            const uri = options.lazy
              ? (config.MONGODB_URI ?? OFFLINE_URI)
              : (config.MONGODB_URI ?? (await startEmbeddedMongo(logger)));
            return {
              uri,
              lazyConnection: options.lazy ?? false,
              autoIndex: false,
              autoCreate: !options.lazy,
              serverSelectionTimeoutMS: options.lazy
                ? 200
                : config.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
              heartbeatFrequencyMS: config.MONGODB_HEARTBEAT_FREQUENCY_MS,
              connectTimeoutMS: config.MONGODB_CONNECT_TIMEOUT_MS,
              socketTimeoutMS: config.MONGODB_SOCKET_TIMEOUT_MS,
              // The app connects before it serves, so a queue only ever forms while MongoDB is
              // unreachable; there it would hold requests, so it gives up as fast as the driver.
              bufferTimeoutMS: config.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
              retryWrites: true,
            };
          },
        }),
      ],
      providers: [TransactionRunner],
      exports: [TransactionRunner],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await stopEmbeddedMongo();
  }
}
