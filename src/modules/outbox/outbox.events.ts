/** Events of the outbox itself. */
export const OutboxEvents = {
  /**
   * A delivery failed OUTBOX_MAX_ATTEMPTS times and waits for an admin. Never published for a
   * dead delivery of this event itself, so a failing handler of it cannot loop.
   */
  DeliveryDead: 'outbox.delivery_dead',
} as const;

export interface OutboxDeliveryDeadEvent {
  deliveryId: string;
  /** The event whose delivery died, and the handler that kept failing. */
  event: string;
  handler: string;
  attempts: number;
}
