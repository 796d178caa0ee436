import type { Channel, NotificationTarget } from './notification-types';

export const preferenceEntry = (type: string, channel: Channel): string => `${type}:${channel}`;

/** Essential e-mails (payments, account security) go out whatever the preferences say. */
export function isLocked(target: Pick<NotificationTarget<unknown>, 'email'>, channel: Channel) {
  return channel === 'email' && target.email === 'essential';
}

export function isSwitchedOff(
  off: readonly string[],
  target: Pick<NotificationTarget<unknown>, 'type' | 'email'>,
  channel: Channel,
): boolean {
  return !isLocked(target, channel) && off.includes(preferenceEntry(target.type, channel));
}
