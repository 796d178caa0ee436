import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { CalendarRepository } from './calendar.repository';

/**
 * Whether the user has a calendar feed, and since when. Never the token (which is not stored)
 * nor its hash: an export file is not a place for a credential.
 */
@PersonalDataExporter()
@Injectable()
export class CalendarPersonalDataSection implements PersonalDataSection {
  readonly name = 'calendarFeed';
  readonly collections = ['calendar_feeds'] as const;

  constructor(private readonly feeds: CalendarRepository) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const feed = await this.feeds.findByUser(userId);
    return feed
      ? { exists: true, role: feed.role, createdAt: feed.createdAt, updatedAt: feed.updatedAt }
      : { exists: false };
  }
}
