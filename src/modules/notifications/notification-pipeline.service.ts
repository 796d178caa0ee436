import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { ClientSession } from 'mongoose';
import { Role } from '../../common/auth/role.enum';
import { AppConfig } from '../../config/app-config';
import { AppointmentJobsService } from '../appointments/appointment-jobs.service';
import { OutboxService, type OutboxHandlerContext } from '../outbox/outbox.service';
import { AccountStatus } from '../users/domain/account-status';
import type { UserAccount } from '../users/domain/user';
import { UserAdministrationService } from '../users/user-administration.service';
import { UsersService } from '../users/users.service';
import {
  NOTIFICATION_ROUTES,
  type NotificationRoute,
  type NotificationTarget,
  type RenderContext,
} from './domain/notification-types';
import { isSwitchedOff } from './domain/preferences';
import { NotificationsRepository } from './notifications.repository';

/** The outbox handler name of a route: `notifications.<event>`. */
export const handlerOf = (event: string): string => `notifications.${event}`;

const DAY_MS = 86_400_000;
const MAX_ADMINS = 100;

interface Recipient {
  user: UserAccount;
}

/** A patient reads times in their profile zone, everyone else (and by default) in the doctor's. */
export function zoneFor(user: Pick<UserAccount, 'role' | 'timezone'>, eventZone: unknown): string {
  if (user.role === Role.Patient && user.timezone) {
    return user.timezone;
  }
  return typeof eventZone === 'string' && eventZone !== '' ? eventZone : 'UTC';
}

/**
 * Turns outbox events into notifications: one handler per event of the registry, which, in the
 * delivery's transaction, writes the in-app notification of each recipient (unique per user and
 * fact) and the e-mail to send (unique per fact, channel and user). Both happen exactly once
 * because they commit with the delivery's completion; the e-mail itself is sent later by
 * EmailSenderService, with its own retries.
 */
@Injectable()
export class NotificationPipelineService implements OnModuleInit {
  private readonly logger = new Logger(NotificationPipelineService.name);

  constructor(
    private readonly outbox: OutboxService,
    private readonly repo: NotificationsRepository,
    private readonly users: UsersService,
    private readonly admins: UserAdministrationService,
    private readonly appointments: AppointmentJobsService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Notifications and e-mails carry names and times: a purged account's go with it.
    this.outbox.subscribe('user.purged', 'notifications.erase-purged', (p, ctx) =>
      this.repo.eraseUser(p.userId, ctx.session),
    );
    for (const route of NOTIFICATION_ROUTES) {
      this.outbox.subscribe(route.event, handlerOf(route.event), (payload, ctx) =>
        this.handle(route, payload, ctx),
      );
    }
  }

  get domain(): string {
    return new URL(this.config.PUBLIC_BASE_URL).hostname;
  }

  renderContext(zone: string, occurredAt: Date): RenderContext {
    return {
      zone,
      baseUrl: this.config.PUBLIC_BASE_URL.replace(/\/$/, ''),
      domain: this.domain,
      occurredAt,
    };
  }

  private async handle(
    route: NotificationRoute,
    payload: unknown,
    ctx: OutboxHandlerContext,
  ): Promise<void> {
    for (const target of route.targets) {
      const withdrawn = target.withdraws?.(payload);
      if (withdrawn) {
        await this.repo.withdrawUnread(withdrawn, ctx.session);
      }
      for (const { user } of await this.recipients(target, payload)) {
        await this.notify(target, payload, user, ctx);
      }
    }
  }

  private async recipients(
    target: NotificationTarget<unknown>,
    payload: unknown,
  ): Promise<Recipient[]> {
    const ref = target.recipient(payload);
    if (ref === null) {
      return [];
    }
    const users =
      ref === 'admins'
        ? (
            await this.admins.listUsers({
              role: Role.Admin,
              status: AccountStatus.Active,
              page: 1,
              limit: MAX_ADMINS,
            })
          ).items
        : [await this.users.findById(ref.userId)].filter((u): u is UserAccount => u !== null);
    return users.filter((u) => u.status === AccountStatus.Active).map((user) => ({ user }));
  }

  private async notify(
    target: NotificationTarget<unknown>,
    payload: unknown,
    user: UserAccount,
    ctx: OutboxHandlerContext,
  ): Promise<void> {
    const userId = user._id.toHexString();
    if (target.recheck === 'appointment-start' && !(await this.stillDue(payload))) {
      return;
    }
    const key = target.key?.(payload, ctx.eventId) ?? ctx.eventId;
    const off = await this.repo.switchedOff(userId, ctx.session);
    const render = this.renderContext(
      zoneFor(user, (payload as { timezone?: unknown }).timezone),
      ctx.occurredAt,
    );
    if (!isSwitchedOff(off, target, 'in_app')) {
      const content = target.inApp(payload, render);
      const createdAt = new Date();
      await this.repo.insertOnce(
        {
          userId,
          type: target.type,
          key,
          title: content.title,
          body: content.body,
          createdAt,
          expiresAt: new Date(createdAt.getTime() + this.config.NOTIFICATION_TTL_DAYS * DAY_MS),
        },
        ctx.session,
      );
    }
    if (target.email && target.emailContent && !isSwitchedOff(off, target, 'email')) {
      await this.repo.insertEmailOnce(
        {
          key,
          userId,
          type: target.type,
          eventId: ctx.eventId,
          payload: { ...(payload as object), occurredAt: ctx.occurredAt },
          messageId: this.messageId(key, userId),
          due: new Date(),
        },
        ctx.session,
      );
    }
  }

  /** Same fact, same recipient: same Message-ID, however often it is sent. */
  messageId(key: string, userId: string): string {
    const digest = createHash('sha256').update(`${key}|email|${userId}`).digest('hex');
    return `<${digest.slice(0, 40)}@${this.domain}>`;
  }

  /** A reminder is right only while its appointment is confirmed and still starts then. */
  stillDue(payload: unknown): Promise<boolean> {
    const p = payload as { appointmentId: string; startsAt: Date };
    return this.appointments.reminderStillDue(p.appointmentId, new Date(p.startsAt));
  }

  /** For tests and callers that need the session-less preference read. */
  switchedOff(userId: string, session?: ClientSession): Promise<string[]> {
    return this.repo.switchedOff(userId, session);
  }
}
