import { Injectable } from '@nestjs/common';
import { Role } from '../../common/auth/role.enum';
import { type AuthUser } from '../../common/auth/auth-user';
import { AppConfig } from '../../config/app-config';
import { AppointmentsService } from '../appointments/appointments.service';
import { hashToken, randomToken } from '../auth/token-hash';
import { CalendarErrorCode, calendarError } from './calendar.errors';
import { CalendarRepository } from './calendar.repository';
import { feedEtag, renderFeed } from './domain/render-feed';
import type { CalendarFeedResponseDto } from './dto/calendar-feed.dto';

/** How far back a feed reaches, and how many appointments it holds at most (newest first). */
export const FEED_PAST_DAYS = 90;
export const FEED_MAX_EVENTS = 500;
const DAY_MS = 24 * 60 * 60 * 1000;
// What randomToken produces: 32 bytes in base64url. Anything else cannot be a feed token, so it
// is answered without a database read.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface RenderedFeed {
  body: string;
  etag: string;
}

/** Private per-user iCalendar feeds: the token in the URL is the only credential. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly feeds: CalendarRepository,
    private readonly appointments: AppointmentsService,
    private readonly config: AppConfig,
  ) {}

  /** Creates the caller's feed, or gives it a new token (the old URL stops working at once). */
  async createOrRegenerate(user: AuthUser): Promise<CalendarFeedResponseDto> {
    const token = randomToken();
    const role = user.role === Role.Doctor ? Role.Doctor : Role.Patient;
    await this.feeds.upsert(user.id, role, hashToken(token));
    const base = this.config.PUBLIC_BASE_URL.replace(/\/$/, '');
    return { url: `${base}/api/v1/calendar/${token}.ics`, token };
  }

  revoke(user: AuthUser): Promise<boolean> {
    return this.feeds.removeForUser(user.id);
  }

  removeAllOfUser(userId: string): Promise<boolean> {
    return this.feeds.removeForUser(userId);
  }

  /** The feed behind a token; an unknown, revoked or replaced token is 404. */
  async render(token: string, now: Date = new Date()): Promise<RenderedFeed> {
    const feed = TOKEN_SHAPE.test(token)
      ? await this.feeds.findByTokenHash(hashToken(token))
      : null;
    if (!feed) {
      throw calendarError(CalendarErrorCode.FeedNotFound, 'Calendar feed not found');
    }
    const owner = { id: feed.userId.toHexString(), role: feed.role };
    const since = new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS);
    const entries = await this.appointments.calendarEntriesFor(owner, since, FEED_MAX_EVENTS);
    const body = renderFeed({
      role: feed.role,
      entries,
      domain: new URL(this.config.PUBLIC_BASE_URL).hostname,
    });
    return { body, etag: feedEtag(body) };
  }
}
