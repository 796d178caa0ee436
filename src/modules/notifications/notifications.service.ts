import { Injectable } from '@nestjs/common';
import { skipOf, type Page } from '../../common/dto/pagination.dto';
import { NOTIFICATION_TARGETS, type Channel } from './domain/notification-types';
import { isLocked, preferenceEntry } from './domain/preferences';
import type {
  NotificationDto,
  PreferencesDto,
  ReadAllResultDto,
  UnreadCountDto,
  UnsubscribedDto,
} from './dto/notification.dto';
import { EmailSenderService } from './email-sender.service';
import { toNotificationDto } from './notifications.mapper';
import { NotificationsErrorCode, notificationsError } from './notifications.errors';
import { NotificationsRepository } from './notifications.repository';

/** Counting stops here: "999+" is all a badge needs, and the count stays cheap. */
export const UNREAD_COUNT_BOUND = 1000;

/** The signed-in user's inbox and preferences. Every query is scoped to the caller's id. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly sender: EmailSenderService,
  ) {}

  async list(
    userId: string,
    q: { page: number; limit: number; unread?: boolean },
  ): Promise<Page<NotificationDto>> {
    const unread = q.unread === true;
    const [items, total] = await Promise.all([
      this.repo.listQuery(userId, unread, skipOf(q), q.limit).exec(),
      this.repo.count(userId, unread, UNREAD_COUNT_BOUND * 10),
    ]);
    return { items: items.map(toNotificationDto), total, page: q.page, limit: q.limit };
  }

  async unreadCount(userId: string): Promise<UnreadCountDto> {
    const count = await this.repo.count(userId, true, UNREAD_COUNT_BOUND);
    return { count, bound: UNREAD_COUNT_BOUND, capped: count >= UNREAD_COUNT_BOUND };
  }

  /** Marks one of the caller's notifications read; someone else's is not found (404). */
  async markRead(userId: string, id: string, now = new Date()): Promise<NotificationDto> {
    const updated = await this.repo.markRead(userId, id, now);
    const found = updated ?? (await this.repo.findOwn(userId, id));
    if (!found) {
      throw notificationsError(
        NotificationsErrorCode.NotificationNotFound,
        'Notification not found',
      );
    }
    return toNotificationDto(found);
  }

  async markAllRead(userId: string, before?: Date, now = new Date()): Promise<ReadAllResultDto> {
    return { marked: await this.repo.markAllRead(userId, before ?? now, now) };
  }

  async preferences(userId: string): Promise<PreferencesDto> {
    const off = await this.repo.switchedOff(userId);
    return {
      items: [...NOTIFICATION_TARGETS.values()].map((t) => ({
        type: t.type,
        description: t.description,
        inApp: !off.includes(preferenceEntry(t.type, 'in_app')),
        email: t.email
          ? isLocked(t, 'email') || !off.includes(preferenceEntry(t.type, 'email'))
          : null,
        emailLocked: isLocked(t, 'email'),
      })),
    };
  }

  /**
   * Replaces the caller's preferences with the document GET returns (read-only fields are
   * ignored). Types left out keep their setting; an essential e-mail cannot be switched off.
   */
  async setPreferences(userId: string, doc: PreferencesDto): Promise<PreferencesDto> {
    const off = new Set(await this.repo.switchedOff(userId));
    const seen = new Set<string>();
    for (const item of doc.items) {
      const target = NOTIFICATION_TARGETS.get(item.type);
      if (!target) {
        throw notificationsError(
          NotificationsErrorCode.UnknownNotificationType,
          `items: unknown notification type ${item.type}`,
          { type: item.type },
        );
      }
      if (seen.has(item.type)) {
        throw notificationsError(
          NotificationsErrorCode.UnknownNotificationType,
          `items: ${item.type} is listed twice`,
          { type: item.type },
        );
      }
      seen.add(item.type);
      const set = (channel: Channel, on: boolean) =>
        on
          ? off.delete(preferenceEntry(item.type, channel))
          : off.add(preferenceEntry(item.type, channel));
      set('in_app', item.inApp);
      if (item.email !== null && item.email !== undefined && target.email) {
        if (!item.email && isLocked(target, 'email')) {
          throw notificationsError(
            NotificationsErrorCode.PreferenceLocked,
            `${item.type} e-mails are essential and cannot be switched off`,
            { type: item.type },
          );
        }
        set('email', item.email);
      }
    }
    await this.repo.setSwitchedOff(userId, [...off].sort());
    return this.preferences(userId);
  }

  /** The e-mail's one-click unsubscribe: switches that type's e-mails off. */
  async unsubscribe(token: string): Promise<UnsubscribedDto> {
    const read = this.sender.readUnsubscribeToken(token);
    const target = read ? NOTIFICATION_TARGETS.get(read.type) : undefined;
    if (!read || !target || !/^[0-9a-f]{24}$/.test(read.userId) || isLocked(target, 'email')) {
      throw notificationsError(
        NotificationsErrorCode.UnsubscribeTokenInvalid,
        'This unsubscribe link is not valid; change e-mail settings in your notification preferences',
      );
    }
    await this.repo.switchOff(read.userId, preferenceEntry(read.type, 'email'));
    return { type: read.type, channel: 'email' };
  }
}
