import type { OutboxDeliveryDto } from './dto/outbox-delivery.dto';
import type { DeliveryView } from './outbox.service';

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function toOutboxDeliveryResponse({ delivery: d, event }: DeliveryView): OutboxDeliveryDto {
  return {
    id: d._id.toHexString(),
    eventId: d.eventId.toHexString(),
    event: d.event,
    handler: d.handler,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: new Date(d.nextAttemptAt).toISOString(),
    lastError: d.lastError ?? null,
    occurredAt: iso(event?.occurredAt),
    payload: event ? (event.payload as Record<string, unknown>) : null,
    doneAt: iso(d.doneAt),
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
  };
}
