import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MongoThrottlerStorage } from './mongo-throttler.storage';
import { ThrottlerCounter, ThrottlerCounterSchema } from './throttler-counter.schema';
import { ThrottlerCountersRepository } from './throttler-counters.repository';

/** Rate-limit counters kept in MongoDB, for ThrottlerModule's `storage`. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: ThrottlerCounter.name, schema: ThrottlerCounterSchema }]),
  ],
  providers: [ThrottlerCountersRepository, MongoThrottlerStorage],
  exports: [MongoThrottlerStorage],
})
export class ThrottlerStorageModule {}
