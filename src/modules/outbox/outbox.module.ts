import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AdminOutboxController } from './admin-outbox.controller';
import { InProcessEvents } from './in-process-events';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { OutboxDelivery, OutboxDeliverySchema } from './schemas/outbox-delivery.schema';
import { OutboxEvent, OutboxEventSchema } from './schemas/outbox-event.schema';

/**
 * Domain event delivery for every module: the outbox (events that must not be lost) and the
 * in-process path (events that may). Global, so publishers and subscribers need no import.
 * The relay that drains the outbox is a scheduled job (jobs module).
 */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: OutboxEvent.name, schema: OutboxEventSchema },
      { name: OutboxDelivery.name, schema: OutboxDeliverySchema },
    ]),
  ],
  controllers: [AdminOutboxController],
  providers: [OutboxRepository, OutboxService, InProcessEvents],
  exports: [OutboxService, InProcessEvents],
})
export class OutboxModule {}
