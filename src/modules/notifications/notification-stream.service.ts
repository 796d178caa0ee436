import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { toNotificationDto } from './notifications.mapper';
import { NotificationsRepository } from './notifications.repository';
import { UNREAD_COUNT_BOUND } from './notifications.service';

interface Connection {
  userId: string;
  res: Response;
  /** The last sequence this client has (its Last-Event-ID). */
  lastSeq: number;
}

/** Per tick, at most this many new notifications are fetched (the rest come next tick). */
const TICK_LIMIT = 500;

/**
 * Live notifications over Server-Sent Events, across instances without sticky sessions: each
 * instance keeps its own connections and, every NOTIFICATIONS_STREAM_POLL_MS, asks MongoDB once
 * for the notifications of all its connected users newer than what each has (an $or of
 * (userId, seq > n) ranges on one index). Whichever instance wrote a notification, every
 * instance finds it. Event ids are the per-user sequence, which follows commit order, so a
 * client resuming with Last-Event-ID gets exactly what it missed.
 */
@Injectable()
export class NotificationStreamService implements OnApplicationShutdown {
  private readonly logger = new Logger(NotificationStreamService.name);
  private readonly connections = new Set<Connection>();
  private poller: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly config: AppConfig,
  ) {}

  /** Opens a stream; `lastEventId` resumes after that sequence, else only new ones follow. */
  async open(userId: string, res: Response, lastEventId: string | undefined): Promise<void> {
    const resumed = lastEventId !== undefined && /^\d{1,15}$/.test(lastEventId.trim());
    const lastSeq = resumed ? Number(lastEventId.trim()) : await this.repo.lastSeq(userId);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // Nginx and similar proxies buffer responses unless told not to.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const conn: Connection = { userId, res, lastSeq };
    this.connections.add(conn);
    res.on('close', () => {
      this.connections.delete(conn);
      if (this.connections.size === 0) {
        this.stopTimers();
      }
    });
    res.write(`retry: 3000\n\n`);
    await this.sendCount(conn);
    this.startTimers();
    if (resumed) {
      await this.tick();
    }
  }

  get openCount(): number {
    return this.connections.size;
  }

  /** One query for all connected users; pushes what each connection has not seen. */
  async tick(): Promise<void> {
    if (this.ticking || this.connections.size === 0) {
      return;
    }
    this.ticking = true;
    try {
      const cursors = new Map<string, number>();
      for (const c of this.connections) {
        cursors.set(c.userId, Math.min(cursors.get(c.userId) ?? Infinity, c.lastSeq));
      }
      const fresh = await this.repo
        .newerThan(
          [...cursors].map(([userId, seq]) => ({ userId, seq })),
          TICK_LIMIT,
        )
        .exec();
      const touched = new Set<Connection>();
      for (const n of fresh) {
        const userId = n.userId.toHexString();
        for (const c of this.connections) {
          if (c.userId === userId && n.seq > c.lastSeq) {
            c.res.write(
              `id: ${n.seq}\nevent: notification\ndata: ${JSON.stringify(toNotificationDto(n))}\n\n`,
            );
            c.lastSeq = n.seq;
            touched.add(c);
          }
        }
      }
      for (const c of touched) {
        await this.sendCount(c);
      }
    } catch (err) {
      this.logger.warn(
        `Notification stream tick failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      this.ticking = false;
    }
  }

  private async sendCount(c: Connection): Promise<void> {
    const count = await this.repo.count(c.userId, true, UNREAD_COUNT_BOUND);
    c.res.write(
      `event: unread-count\ndata: ${JSON.stringify({ count, bound: UNREAD_COUNT_BOUND, capped: count >= UNREAD_COUNT_BOUND })}\n\n`,
    );
  }

  private startTimers(): void {
    if (!this.poller) {
      this.poller = setInterval(() => void this.tick(), this.config.NOTIFICATIONS_STREAM_POLL_MS);
      this.poller.unref();
    }
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => {
        for (const c of this.connections) {
          c.res.write(`: heartbeat\n\n`);
        }
      }, this.config.NOTIFICATIONS_STREAM_HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  private stopTimers(): void {
    if (this.poller) {
      clearInterval(this.poller);
    }
    if (this.heartbeat) {
      clearInterval(this.heartbeat);
    }
    this.poller = null;
    this.heartbeat = null;
  }

  onApplicationShutdown(): void {
    this.stopTimers();
    for (const c of this.connections) {
      c.res.end();
    }
    this.connections.clear();
  }
}
