import { DynamicModule, Global, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import './mongoose-settings';
import { AppConfig } from '../config/app-config';
import { startEmbeddedMongo, stopEmbeddedMongo } from './embedded-mongo';
import { TransactionRunner } from './transaction-runner';

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
