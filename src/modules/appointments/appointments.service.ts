import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { Role } from '../../common/auth/role.enum';
import { type AuthUser } from '../../common/auth/auth-user';
import { skipOf, type Page } from '../../common/dto/pagination.dto';
import { type AppError } from '../../common/errors/app-error';
import { TransactionRunner } from '../../database/transaction-runner';
import { actor, AppointmentEventsPublisher } from './appointment-events.publisher';
import { actorRoleOf, scopeOf } from './appointment-access';
import { historyEntry } from './appointment-history';
import { toAppointmentResponse } from './appointment.mapper';
import { AppointmentsErrorCode, appointmentsError } from './appointments.errors';
import {
  AppointmentsRepository,
  type AppointmentListCriteria,
  type AppointmentRecord,
  type AppointmentScope,
  type TransitionConditions,
} from './appointments.repository';
import {
  AppointmentStatus,
  canTransition,
  checkTransition,
  isActive,
  sourcesOf,
} from './domain/appointment-status';
import { buildCancellation } from './domain/cancellation';
import type { RefundPolicy } from './domain/refund-policy';
import { REFUND_POLICY } from './refund-policy.provider';
import type { AppointmentResponseDto } from './dto/appointment-response.dto';
import type { PaymentState } from './schemas/appointment.schema';

export interface AppointmentListQuery {
  page: number;
  limit: number;
  status?: AppointmentStatus[];
  when?: 'upcoming' | 'past';
  /** ISO instants, already validated. */
  from?: string;
  to?: string;
}

export interface AdminAppointmentListQuery extends AppointmentListQuery {
  doctorId?: string;
  patientId?: string;
}

/**
 * What the reviews module needs to know about an appointment: whose it is and whether (and
 * when) the visit was completed. A view, so no other module depends on the stored shape.
 */
export interface AppointmentReviewSnapshot {
  id: string;
  patientId: string;
  doctorId: string;
  status: AppointmentStatus;
  /** When it became completed (its status history), or null when it is not completed. */
  completedAt: Date | null;
}

/**
 * What a calendar feed shows of an appointment: when, its status, the doctor's name and how
 * often it moved. No reasons, notes or payment: a feed URL may end up in a third-party calendar.
 */
export interface AppointmentCalendarEntry {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  doctorName: string;
  /** How many times it was rescheduled. */
  reschedules: number;
  /** Last change of the record (the calendar's DTSTAMP). */
  updatedAt: Date;
}

/**
 * What the medical records need of an appointment: whose visit it is, its status and time. A
 * view, so the records module does not depend on the stored shape.
 */
export interface AppointmentCareSnapshot {
  id: string;
  patientId: string;
  doctorId: string;
  status: AppointmentStatus;
  startsAt: Date;
  endsAt: Date;
}

/** The appointment statuses that make a care relationship between a doctor and a patient. */
export const CARE_RELATIONSHIP_STATUSES: readonly AppointmentStatus[] = [
  AppointmentStatus.Confirmed,
  AppointmentStatus.Completed,
  AppointmentStatus.NoShow,
];

/** Payment states in which a pending booking may be confirmed. */
const CONFIRMABLE_PAYMENT: PaymentState[] = ['paid', 'pay_at_clinic'];
// A cancellation is computed from the appointment as read; if a payment or a reschedule lands
// in between, the conditional write misses and the decision is made again on fresh data.
const CANCEL_ATTEMPTS = 3;
const PAYMENT_RECEIVED_REASON = 'payment_received';
const PAY_AT_CLINIC_REASON = 'pay_at_clinic';

/**
 * Reading appointments and moving them through their lifecycle. Every transition is one
 * conditional write on the expected status, so two racing actions can never both apply.
 */
@Injectable()
export class AppointmentsService {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly publisher: AppointmentEventsPublisher,
    private readonly tx: TransactionRunner,
    @Inject(REFUND_POLICY) private readonly policy: RefundPolicy,
  ) {}

  // ---- Reads ----

  /** The caller's appointments: as the patient, or as the doctor. */
  listForUser(
    user: AuthUser,
    query: AppointmentListQuery,
    now: Date = new Date(),
  ): Promise<Page<AppointmentResponseDto>> {
    return this.page(listCriteria(scopeOf(user), query, now), query);
  }

  listAll(
    query: AdminAppointmentListQuery,
    now: Date = new Date(),
  ): Promise<Page<AppointmentResponseDto>> {
    const scope: AppointmentScope = { doctorId: query.doctorId, patientId: query.patientId };
    return this.page(listCriteria(scope, query, now), query);
  }

  async getForUser(user: AuthUser, id: string): Promise<AppointmentResponseDto> {
    return toAppointmentResponse(await this.getInScope(id, scopeOf(user)));
  }

  /** Any appointment (admins; other modules such as payments). */
  async getById(id: string): Promise<AppointmentResponseDto> {
    return toAppointmentResponse(await this.getInScope(id, {}));
  }

  /**
   * Start instants of the active (pending or confirmed) appointments of these doctors in
   * [from, to), by doctor id: what is taken, for clients that grey out booked slots themselves.
   */
  async activeStartsByDoctor(
    doctorIds: string[],
    from: Date,
    to: Date,
  ): Promise<Map<string, Date[]>> {
    const rows = await this.appointments.findActiveStarts(doctorIds, from, to);
    const out = new Map<string, Date[]>();
    for (const r of rows) {
      const list = out.get(r.doctorId) ?? [];
      list.push(r.startsAt);
      out.set(r.doctorId, list);
    }
    return out;
  }

  /**
   * The patient's own appointment as the reviews module sees it; someone else's is 404
   * APPOINTMENT_NOT_FOUND, exactly as for every other patient read.
   */
  async getReviewSnapshot(patientId: string, id: string): Promise<AppointmentReviewSnapshot> {
    const a = await this.getInScope(id, { patientId });
    const completion = a.history
      .filter((h) => h.status === AppointmentStatus.Completed)
      .map((h) => new Date(h.at))
      .pop();
    return {
      id: a._id.toHexString(),
      patientId: a.patientId.toHexString(),
      doctorId: a.doctorId.toHexString(),
      status: a.status,
      completedAt:
        a.status === AppointmentStatus.Completed ? (completion ?? new Date(a.updatedAt)) : null,
    };
  }

  /** Any appointment as the medical records see it, or null when there is none. */
  async getCareSnapshot(id: string): Promise<AppointmentCareSnapshot | null> {
    const a = await this.appointments.findById(id);
    return a
      ? {
          id: a._id.toHexString(),
          patientId: a.patientId.toHexString(),
          doctorId: a.doctorId.toHexString(),
          status: a.status,
          startsAt: new Date(a.startsAt),
          endsAt: new Date(a.endsAt),
        }
      : null;
  }

  /**
   * Whether the doctor has, or had, a confirmed, completed or no-show appointment with the
   * patient (a pending or cancelled booking is no care relationship). One index probe.
   */
  hasCareRelationship(doctorId: string, patientId: string): Promise<boolean> {
    return this.appointments.hasAppointmentWith(doctorId, patientId, CARE_RELATIONSHIP_STATUSES);
  }

  /**
   * The caller's own appointments (as the patient, or as the doctor) starting at or after
   * `since`, newest first, at most `limit`. Admins have no appointments of their own: empty.
   */
  async calendarEntriesFor(
    user: Pick<AuthUser, 'id' | 'role'>,
    since: Date,
    limit: number,
  ): Promise<AppointmentCalendarEntry[]> {
    if (user.role === Role.Admin) {
      return [];
    }
    const scope: AppointmentScope =
      user.role === Role.Doctor ? { doctorId: user.id } : { patientId: user.id };
    const rows = await this.appointments.findForCalendar(scope, since, limit);
    return rows.map((a) => ({
      id: a._id.toHexString(),
      startsAt: new Date(a.startsAt),
      endsAt: new Date(a.endsAt),
      status: a.status,
      doctorName: a.doctor.name,
      reschedules: a.rescheduledFrom?.length ?? 0,
      updatedAt: new Date(a.updatedAt),
    }));
  }

  // ---- Lifecycle ----

  /**
   * Cancels a pending or confirmed appointment. The refund follows the policy for who cancels
   * and when, computed from what was actually paid online.
   */
  async cancel(
    user: AuthUser,
    id: string,
    reason: string | undefined,
    now: Date = new Date(),
  ): Promise<AppointmentResponseDto> {
    const by = actorRoleOf(user);
    const text = reason?.trim() || null;
    if (by !== 'patient' && !text) {
      throw appointmentsError(AppointmentsErrorCode.ReasonRequired, 'A reason is required');
    }
    const scope = scopeOf(user);
    for (let attempt = 0; attempt < CANCEL_ATTEMPTS; attempt++) {
      const current = await this.getInScope(id, scope);
      if (!canTransition(current.status, AppointmentStatus.Cancelled)) {
        throw invalidTransition(current.status, AppointmentStatus.Cancelled);
      }
      const cancellation = buildCancellation(this.policy, current, by, text, now);
      const updated = await this.tx.run(async (session) => {
        const cancelled = await this.appointments.transitionIf(
          id,
          scope,
          sourcesOf(AppointmentStatus.Cancelled),
          {
            to: AppointmentStatus.Cancelled,
            history: historyEntry(AppointmentStatus.Cancelled, now, user.id, by, text),
            cancellation,
            deactivate: true,
          },
          { startsAt: current.startsAt, paidAmount: current.paidAmount ?? 0 },
          session,
        );
        if (cancelled) {
          await this.publisher.cancelled(session, cancelled, actor(by, user.id));
        }
        return cancelled;
      });
      if (updated) {
        return toAppointmentResponse(updated);
      }
    }
    throw await this.whyNot(id, scope, AppointmentStatus.Cancelled, now);
  }

  /** Doctor: a pending booking that is paid (or paid at the clinic) becomes confirmed. */
  async confirm(
    user: AuthUser,
    id: string,
    now: Date = new Date(),
  ): Promise<AppointmentResponseDto> {
    await this.requireRole(user, id, Role.Doctor);
    const updated = await this.transition(
      user,
      id,
      AppointmentStatus.Confirmed,
      now,
      { paymentStates: CONFIRMABLE_PAYMENT },
      (session, a) => this.publisher.confirmed(session, a, actor('doctor', user.id)),
    );
    return toAppointmentResponse(updated);
  }

  /** Doctor: a confirmed visit that has started is marked completed. */
  async complete(
    user: AuthUser,
    id: string,
    now: Date = new Date(),
  ): Promise<AppointmentResponseDto> {
    await this.requireRole(user, id, Role.Doctor);
    const updated = await this.transition(
      user,
      id,
      AppointmentStatus.Completed,
      now,
      { startedBy: now },
      (session, a) => this.publisher.completed(session, a, actor('doctor', user.id)),
    );
    return toAppointmentResponse(updated);
  }

  /** Doctor: the patient did not come to a confirmed visit that has started. */
  async markNoShow(
    user: AuthUser,
    id: string,
    now: Date = new Date(),
  ): Promise<AppointmentResponseDto> {
    await this.requireRole(user, id, Role.Doctor);
    const updated = await this.transition(
      user,
      id,
      AppointmentStatus.NoShow,
      now,
      { startedBy: now },
      (session, a) => this.publisher.noShow(session, a, actor('doctor', user.id)),
    );
    return toAppointmentResponse(updated);
  }

  // ---- For the payments module ----

  /**
   * Records the online payment of a pending unpaid booking: it stops lapsing and can be
   * confirmed. 404 for an unknown appointment, 409 when it is no longer awaiting payment
   * (e.g. the hold was released; the payment must then be refunded).
   */
  async recordPayment(id: string, amount: number): Promise<AppointmentResponseDto> {
    if (!Number.isInteger(amount) || amount < 0) {
      throw new RangeError('amount must be a non-negative integer of minor units');
    }
    const updated = await this.appointments.markPaid(id, amount);
    if (updated) {
      return toAppointmentResponse(updated);
    }
    const current = await this.getInScope(id, {});
    throw appointmentsError(
      AppointmentsErrorCode.InvalidTransition,
      'This appointment is not awaiting payment',
      { status: current.status, paymentState: current.paymentState },
    );
  }

  /**
   * The provider confirmed the payment of a pending unpaid booking: it becomes confirmed and paid,
   * in the caller's transaction (the payment record commits with it). Null when the booking is
   * no longer awaiting payment (hold released, cancelled, or paid by another attempt): the
   * payment must then be refunded.
   */
  async confirmPaid(
    id: string,
    amount: number,
    session: ClientSession,
    now: Date = new Date(),
  ): Promise<AppointmentResponseDto | null> {
    if (!Number.isInteger(amount) || amount < 0) {
      throw new RangeError('amount must be a non-negative integer of minor units');
    }
    const updated = await this.appointments.markPaidAndConfirm(
      id,
      amount,
      historyEntry(AppointmentStatus.Confirmed, now, null, 'system', PAYMENT_RECEIVED_REASON),
      session,
    );
    if (!updated) {
      return null;
    }
    await this.publisher.confirmed(session, updated, actor('system', null));
    return toAppointmentResponse(updated);
  }

  /**
   * Online mode with pay-at-clinic enabled: the patient of a live unpaid hold pays at the clinic
   * instead; the booking is confirmed, in the caller's transaction. Null when it no longer
   * awaits payment.
   */
  async choosePayAtClinic(
    id: string,
    patientId: string,
    session: ClientSession,
    now: Date = new Date(),
  ): Promise<AppointmentResponseDto | null> {
    const updated = await this.appointments.markPayAtClinic(
      id,
      patientId,
      now,
      historyEntry(AppointmentStatus.Confirmed, now, patientId, 'patient', PAY_AT_CLINIC_REASON),
      session,
    );
    if (!updated) {
      return null;
    }
    await this.publisher.confirmed(session, updated, actor('patient', patientId));
    return toAppointmentResponse(updated);
  }

  /**
   * The clinic payment of a booking paid at the clinic was recorded (by the payments module, in
   * its transaction): the appointment keeps `pay_at_clinic` as how it is paid and gains the
   * amount received, which is what dashboards and earnings count. False when it is not a clinic
   * booking or its payment is already recorded.
   */
  async recordClinicPaid(id: string, amount: number, session: ClientSession): Promise<boolean> {
    if (!Number.isInteger(amount) || amount <= 0) {
      throw new RangeError('amount must be a positive integer of minor units');
    }
    return this.appointments.markClinicPaid(id, amount, session);
  }

  /** Records the payment state after a refund was executed. */
  async setPaymentState(
    id: string,
    state: PaymentState,
    options: { refundedAmount?: number; session?: ClientSession } = {},
  ): Promise<AppointmentResponseDto> {
    const updated = await this.appointments.setPaymentState(id, state, options);
    if (!updated) {
      throw appointmentsError(AppointmentsErrorCode.AppointmentNotFound, 'Appointment not found');
    }
    return toAppointmentResponse(updated);
  }

  // ---- Internals ----

  private async page(
    criteria: AppointmentListCriteria,
    query: { page: number; limit: number },
  ): Promise<Page<AppointmentResponseDto>> {
    const { items, total } = await this.appointments.list(criteria, skipOf(query), query.limit);
    return {
      items: items.map(toAppointmentResponse),
      total,
      page: query.page,
      limit: query.limit,
    };
  }

  private async getInScope(id: string, scope: AppointmentScope): Promise<AppointmentRecord> {
    const found = await this.appointments.findInScope(id, scope);
    if (!found) {
      throw appointmentsError(AppointmentsErrorCode.AppointmentNotFound, 'Appointment not found');
    }
    return found;
  }

  /**
   * Actions reserved to one side of the appointment. Someone else's appointment is a 404
   * whatever the role (nothing about it is revealed); on their own appointment the other side
   * gets a 403.
   */
  private async requireRole(user: AuthUser, id: string, role: Role): Promise<void> {
    if (user.role === role) {
      return;
    }
    await this.getInScope(id, scopeOf(user));
    throw appointmentsError(
      AppointmentsErrorCode.ActionNotAllowed,
      `Only the ${role} of an appointment can do this`,
    );
  }

  private async transition(
    user: AuthUser,
    id: string,
    to: AppointmentStatus,
    now: Date,
    when: TransitionConditions,
    announce: (session: ClientSession, updated: AppointmentRecord) => Promise<void>,
  ): Promise<AppointmentRecord> {
    const scope = scopeOf(user);
    // The conditional write and its event commit together (or neither does).
    const updated = await this.tx.run(async (session) => {
      const changed = await this.appointments.transitionIf(
        id,
        scope,
        sourcesOf(to),
        {
          to,
          history: historyEntry(to, now, user.id, actorRoleOf(user), null),
          deactivate: !isActive(to),
        },
        when,
        session,
      );
      if (changed) {
        await announce(session, changed);
      }
      return changed;
    });
    if (updated) {
      return updated;
    }
    throw await this.whyNot(id, scope, to, now);
  }

  /** After a conditional write missed: why, from the appointment as it is now. */
  private async whyNot(
    id: string,
    scope: AppointmentScope,
    to: AppointmentStatus,
    now: Date,
  ): Promise<AppError> {
    const current = await this.getInScope(id, scope);
    const check = checkTransition(current.status, to, current.startsAt, now);
    if (!check.ok && check.reason === 'NOT_STARTED') {
      return appointmentsError(
        AppointmentsErrorCode.NotStarted,
        'The appointment has not started yet',
      );
    }
    if (
      check.ok &&
      to === AppointmentStatus.Confirmed &&
      !CONFIRMABLE_PAYMENT.includes(current.paymentState)
    ) {
      return appointmentsError(
        AppointmentsErrorCode.PaymentRequired,
        'The appointment must be paid before it can be confirmed',
        { paymentState: current.paymentState },
      );
    }
    // Either the transition is illegal, or another action changed the appointment in between.
    return invalidTransition(current.status, to);
  }
}

function invalidTransition(from: AppointmentStatus, to: AppointmentStatus): AppError {
  return appointmentsError(
    AppointmentsErrorCode.InvalidTransition,
    `A ${from} appointment cannot become ${to}`,
    { status: from },
  );
}

function listCriteria(
  scope: AppointmentScope,
  query: AppointmentListQuery,
  now: Date,
): AppointmentListCriteria {
  let startsFrom = query.from ? new Date(query.from) : undefined;
  let startsBefore = query.to ? new Date(query.to) : undefined;
  if (startsFrom && startsBefore && startsFrom >= startsBefore) {
    throw appointmentsError(AppointmentsErrorCode.InvalidDateRange, 'from must be before to');
  }
  if (query.when === 'upcoming' && (!startsFrom || startsFrom < now)) {
    startsFrom = now;
  }
  if (query.when === 'past' && (!startsBefore || startsBefore > now)) {
    startsBefore = now;
  }
  return {
    ...scope,
    statuses: query.status,
    startsFrom,
    startsBefore,
    order: query.when === 'upcoming' ? 'asc' : 'desc',
  };
}
