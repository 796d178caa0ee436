import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { NotificationsRepository } from './notifications.repository';

/**
 * The inbox, the e-mails written for the user (what, when, whether sent; not the event they were
 * rendered from) and the switched-off preferences. `notification_counters` (the inbox's sequence
 * number) holds nothing but a number and is not exported.
 */
@PersonalDataExporter()
@Injectable()
export class NotificationsPersonalDataSection implements PersonalDataSection {
  readonly name = 'notifications';
  readonly collections = [
    'notifications',
    'notification_emails',
    'notification_preferences',
  ] as const;

  constructor(private readonly notifications: NotificationsRepository) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const [inbox, emails, off] = await Promise.all([
      this.notifications.listAllOfUser(userId),
      this.notifications.listEmailsOfUser(userId),
      this.notifications.switchedOff(userId),
    ]);
    return {
      inbox: inbox.map((n) => ({
        id: String(n._id),
        type: n.type,
        title: n.title,
        body: n.body,
        createdAt: n.createdAt,
        readAt: n.readAt,
        expiresAt: n.expiresAt,
      })),
      emails: emails.map((e) => ({
        type: e.type,
        status: e.status,
        attempts: e.attempts,
        sentAt: e.sentAt,
        skipReason: e.skipReason,
        createdAt: e.createdAt,
      })),
      preferences: { off: [...off].sort() },
    };
  }
}
