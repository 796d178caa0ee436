import { Global, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import mongoose from 'mongoose';
import { AppConfig } from '../config/app-config';
import { startEmbeddedMongo, stopEmbeddedMongo } from './embedded-mongo';
import { TransactionRunner } from './transaction-runner';

// Request input must never be able to carry query operators: every filter value that is an
// object with `$` keys is wrapped in `$eq` unless the code marks it with mongoose.trusted(),
// and filters on paths the schema does not declare are errors rather than silently ignored.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', 'throw');
mongoose.set('strict', 'throw');
mongoose.set('autoIndex', false);

@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const logger = new Logger('Database');
        const uri = config.MONGODB_URI ?? (await startEmbeddedMongo(logger));
        return {
          uri,
          autoIndex: false,
          autoCreate: true,
          serverSelectionTimeoutMS: 10_000,
          retryWrites: true,
        };
      },
    }),
  ],
  providers: [TransactionRunner],
  exports: [TransactionRunner],
})
export class DatabaseModule implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopEmbeddedMongo();
  }
}
