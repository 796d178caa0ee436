import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { actor, AppointmentEventsPublisher } from './appointment-events.publisher';
import { historyEntry } from './appointment-history';
import {
  AppointmentsRepository,
  type AppointmentRecord,
  type TransitionConditions,
} from './appointments.repository';
import { AppointmentStatus } from './domain/appointment-status';
import { buildCancellation } from './domain/cancellation';
import type { RefundPolicy } from './domain/refund-policy';
import { REFUND_POLICY } from './refund-policy.provider';

const BATCH = 100;
export const ACCOUNT_DELETED_REASON = 'account_deleted';
const PAYMENT_TIMEOUT_REASON = 'payment_timeout';
export const CLOSED_OUT_REASON = 'closed_out';

/**
 * The work of the scheduled appointment jobs. Each item is claimed by a conditional write, so
 * running a job twice, or on two instances at once, changes (and announces) each appointment
 * once.
 */
@Injectable()
export class AppointmentJobsService {
  private readonly logger = new Logger(AppointmentJobsService.name);

  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly publisher: AppointmentEventsPublisher,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
    @Inject(REFUND_POLICY) private readonly policy: RefundPolicy,
  ) {}

  /** Cancels unpaid holds that lapsed by `now`, freeing their slots. Returns how many. */
  releaseExpiredHolds(now: Date): Promise<number> {
    return this.inBatches(
      (limit) => this.appointments.findExpiredHolds(now, limit),
      (hold) =>
        this.cancelBySystem(hold, now, PAYMENT_TIMEOUT_REASON, [AppointmentStatus.Pending], {
          holdExpiredBy: now,
          paymentStates: ['unpaid'],
        }),
    );
  }

  /**
   * Cancels the upcoming bookings of an account that was deleted, whether it was the patient or
   * the doctor: the slot is freed and the other party learns of it through the cancelled event.
   * The system cancels, so any payment is refunded in full.
   */
  cancelUpcomingOfDeletedAccount(userId: string, now: Date): Promise<number> {
    return this.inBatches(
      (limit) => this.appointments.findActiveUpcomingOf(userId, now, limit),
      (appointment) =>
        this.cancelBySystem(appointment, now, ACCOUNT_DELETED_REASON, [
          AppointmentStatus.Pending,
          AppointmentStatus.Confirmed,
        ]),
    );
  }

  /** One conditional system cancellation; false when the appointment changed meanwhile. */
  private async cancelBySystem(
    appointment: AppointmentRecord,
    now: Date,
    reason: string,
    from: AppointmentStatus[],
    when?: TransitionConditions,
  ): Promise<boolean> {
    const cancelled = await this.tx.run(async (session) => {
      const done = await this.appointments.transitionIf(
        appointment._id.toHexString(),
        {},
        from,
        {
          to: AppointmentStatus.Cancelled,
          history: historyEntry(AppointmentStatus.Cancelled, now, null, 'system', reason),
          cancellation: buildCancellation(this.policy, appointment, 'system', reason, now),
          deactivate: true,
        },
        when,
        session,
      );
      if (done) {
        await this.publisher.cancelled(session, done, actor('system', null));
      }
      return done;
    });
    return cancelled !== null;
  }

  /** Marks confirmed appointments completed CLOSE_OUT_GRACE_MINUTES after they ended. */
  closeOutPast(now: Date): Promise<number> {
    const endedBy = new Date(now.getTime() - this.config.CLOSE_OUT_GRACE_MINUTES * 60_000);
    return this.inBatches(
      (limit) => this.appointments.findEndedConfirmed(endedBy, limit),
      async (a) => {
        const done = await this.tx.run(async (session) => {
          const completed = await this.appointments.transitionIf(
            a._id.toHexString(),
            {},
            [AppointmentStatus.Confirmed],
            {
              to: AppointmentStatus.Completed,
              history: historyEntry(
                AppointmentStatus.Completed,
                now,
                null,
                'system',
                CLOSED_OUT_REASON,
              ),
              deactivate: true,
            },
            { endedBy },
            session,
          );
          if (completed) {
            await this.publisher.completed(session, completed, actor('system', null));
          }
          return completed;
        });
        return done !== null;
      },
    );
  }

  /** Announces (once) confirmed appointments starting within REMINDER_LEAD_HOURS of `now`. */
  sendDueReminders(now: Date): Promise<number> {
    const leadMs = this.config.REMINDER_LEAD_HOURS * 3_600_000;
    const until = new Date(now.getTime() + leadMs);
    return this.inBatches(
      (limit) => this.appointments.findReminderDue(now, until, limit),
      async (a) => {
        const claimed = await this.tx.run(async (session) => {
          const c = await this.appointments.claimReminder(
            a._id.toHexString(),
            now,
            until,
            now,
            session,
          );
          // Booked inside the lead time: the patient just chose the time, no reminder.
          if (c && c.createdAt.getTime() <= c.startsAt.getTime() - leadMs) {
            await this.publisher.reminderDue(session, c);
          }
          return c;
        });
        return claimed !== null;
      },
    );
  }

  /**
   * Whether a reminder for `startsAt` is still right: the appointment is confirmed and still
   * starts then (checked again just before a reminder goes out).
   */
  async reminderStillDue(appointmentId: string, startsAt: Date): Promise<boolean> {
    const a = await this.appointments.findById(appointmentId);
    return (
      a !== null &&
      a.status === AppointmentStatus.Confirmed &&
      a.startsAt.getTime() === new Date(startsAt).getTime()
    );
  }

  /**
   * Processes everything due, a batch at a time. Items are skipped once seen, so an item whose
   * claim failed (changed meanwhile) cannot make the loop spin.
   */
  private async inBatches(
    fetch: (limit: number) => Promise<AppointmentRecord[]>,
    handle: (a: AppointmentRecord) => Promise<boolean>,
  ): Promise<number> {
    const seen = new Set<string>();
    let done = 0;
    for (;;) {
      const batch = (await fetch(BATCH + seen.size)).filter((a) => !seen.has(a._id.toHexString()));
      if (batch.length === 0) {
        return done;
      }
      for (const a of batch) {
        seen.add(a._id.toHexString());
        try {
          if (await handle(a)) {
            done += 1;
          }
        } catch (err) {
          // One bad item must not stop the rest; it is retried on the next run.
          this.logger.error(
            `Job step failed for appointment ${a._id.toHexString()}: ${
              err instanceof Error ? err.message : String(err)
            }`,
          );
        }
      }
    }
  }
}
