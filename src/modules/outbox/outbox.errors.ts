export const OutboxErrorCode = {
  DeliveryNotFound: 'OUTBOX_DELIVERY_NOT_FOUND',
  DeliveryNotDead: 'OUTBOX_DELIVERY_NOT_DEAD',
} as const;
