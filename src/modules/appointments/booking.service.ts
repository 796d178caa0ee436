import { Injectable } from '@nestjs/common';
import { Types, type ClientSession } from 'mongoose';
import {
  callerProfileFrom,
  callerProfileOf,
  type AuthUser,
  type CallerProfile,
} from '../../common/auth/auth-user';

import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { AvailabilityService } from '../availability/availability.service';
import type { SlotCandidate, SlotCheck, SlotRejection } from '../availability/domain/slot-engine';
import { DoctorsService, type DoctorBookingSnapshot } from '../doctors/doctors.service';
import { AccountStatus } from '../users/domain/account-status';
import { UsersService } from '../users/users.service';
import { actor, AppointmentEventsPublisher } from './appointment-events.publisher';
import { scopeOf } from './appointment-access';
import { toAppointmentResponse } from './appointment.mapper';
import { AppointmentsErrorCode, appointmentsError } from './appointments.errors';
import { historyEntry } from './appointment-history';
import {
  AppointmentsRepository,
  type AppointmentRecord,
  type NewAppointment,
} from './appointments.repository';
import { BookingLocksRepository } from './booking-locks.repository';
import { AppointmentStatus, isActive } from './domain/appointment-status';
import type { AppointmentResponseDto } from './dto/appointment-response.dto';
import { IdempotencyService } from './idempotency.service';
import { isDuplicateKey } from '../../database/duplicate-key';

const SLOT_PROBLEMS: Record<SlotRejection, string> = {
  not_a_slot:
    "startsAt is not one of the doctor's slots (outside working hours, on a day off, " +
    'or not aligned to the slot grid)',
  past: 'startsAt is in the past',
  min_notice: 'startsAt is inside the minimum booking notice',
  beyond_horizon: 'startsAt is beyond the booking horizon',
  taken: 'The slot is taken',
};

const isSlotClash = (err: unknown): boolean => {
  if (!isDuplicateKey(err)) {
    return false;
  }
  const e = err as { message?: string; keyPattern?: Record<string, unknown> };
  return (
    Boolean(e.message?.includes('one_active_per_doctor_slot')) ||
    (e.keyPattern !== undefined && 'doctorId' in e.keyPattern && 'startsAt' in e.keyPattern)
  );
};

const slotTaken = () =>
  appointmentsError(
    AppointmentsErrorCode.SlotTaken,
    'This slot has just been booked by someone else',
  );

/**
 * Booking and rescheduling. No double booking is the database's job: the partial unique index
 * over active appointments' {doctorId, startsAt} refuses the second claim of a slot, here
 * translated to 409 SLOT_TAKEN. The per-patient rules (no overlapping bookings, a limited number
 * of unpaid holds) are checked in the same transaction as the write, serialised per patient by
 * a lock document, so two tabs of one patient cannot both pass them.
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly locks: BookingLocksRepository,
    private readonly tx: TransactionRunner,
    private readonly doctors: DoctorsService,
    private readonly users: UsersService,
    private readonly availability: AvailabilityService,
    private readonly publisher: AppointmentEventsPublisher,
    private readonly idempotency: IdempotencyService,
    private readonly config: AppConfig,
  ) {}

  /** Books a slot for the calling patient; with an Idempotency-Key, at most once. */
  book(
    user: AuthUser,
    input: { doctorId: string; startsAt: string },
    idempotencyKey?: string,
  ): Promise<AppointmentResponseDto> {
    const startsAt = new Date(input.startsAt);
    const doctorId = input.doctorId.toLowerCase();
    return this.idempotency.run(
      {
        userId: user.id,
        key: idempotencyKey,
        operation: 'appointments.book',
        input: { doctorId, startsAt: startsAt.toISOString() },
      },
      () => this.bookNow(user.id, doctorId, startsAt, new Date(), callerProfileOf(user)),
    );
  }

  /**
   * Moves the patient's booking to another free slot of the same doctor, atomically: the one
   * document's start changes in a single conditional write, which the unique index checks, so
   * the new slot is claimed and the old one released together; if the new slot is taken
   * nothing changes (409 SLOT_TAKEN).
   */
  async reschedule(
    user: AuthUser,
    id: string,
    input: { startsAt: string },
    now: Date = new Date(),
  ): Promise<AppointmentResponseDto> {
    const current = await this.appointments.findInScope(id, scopeOf(user));
    if (!current) {
      throw appointmentsError(AppointmentsErrorCode.AppointmentNotFound, 'Appointment not found');
    }
    if (current.patientId.toHexString() !== user.id) {
      throw appointmentsError(
        AppointmentsErrorCode.ActionNotAllowed,
        'Only the patient of an appointment can reschedule it',
      );
    }
    if (!isActive(current.status)) {
      throw appointmentsError(
        AppointmentsErrorCode.InvalidTransition,
        `A ${current.status} appointment cannot be rescheduled`,
        { status: current.status },
      );
    }
    if (current.startsAt.getTime() <= now.getTime()) {
      throw appointmentsError(AppointmentsErrorCode.AlreadyStarted, 'The appointment has started');
    }
    const startsAt = new Date(input.startsAt);
    if (startsAt.getTime() === current.startsAt.getTime()) {
      throw appointmentsError(
        AppointmentsErrorCode.SameSlot,
        'The appointment is already at that time',
      );
    }
    const doctorId = current.doctorId.toHexString();
    assertBookable(await this.doctors.getBookingSnapshot(doctorId));
    const slot = await this.offeredSlot(doctorId, startsAt, now);

    const moved = await this.tx.run(async (session) => {
      await this.assertNoOverlap(user.id, slot.start, slot.end, session, id);
      let result: AppointmentRecord | null;
      try {
        result = await this.appointments.moveActive(
          id,
          user.id,
          current.startsAt,
          slot.start,
          slot.end,
          session,
        );
      } catch (err) {
        if (isSlotClash(err)) {
          throw slotTaken();
        }
        throw err;
      }
      if (result) {
        await this.publisher.rescheduled(
          session,
          result,
          { startsAt: current.startsAt, endsAt: current.endsAt },
          actor('patient', user.id),
        );
      }
      return result;
    });
    if (!moved) {
      // Cancelled, completed or rescheduled by someone else since it was read.
      const latest = await this.appointments.findById(id);
      throw appointmentsError(
        AppointmentsErrorCode.InvalidTransition,
        'The appointment changed meanwhile; reload it and try again',
        { status: latest?.status ?? current.status },
      );
    }
    return toAppointmentResponse(moved);
  }

  /**
   * `caller` is the patient's profile as authentication read it (an active account then); a
   * caller without one is read here.
   */
  private async bookNow(
    patientId: string,
    doctorId: string,
    startsAt: Date,
    now: Date,
    caller: CallerProfile | undefined,
  ): Promise<AppointmentResponseDto> {
    if (patientId === doctorId) {
      throw appointmentsError(AppointmentsErrorCode.CannotBookSelf, 'You cannot book yourself');
    }
    // One round of parallel reads: the slot check takes the zone from the doctor snapshot
    // instead of reading the profile again. Its verdict is looked at only after the patient's
    // and the doctor's, so the errors keep their order.
    const snapshot = this.doctors.getBookingSnapshot(doctorId);
    const [patient, doctor, check] = await Promise.all([
      caller ?? this.activePatient(patientId),
      snapshot,
      this.availability.checkSlot(doctorId, startsAt, {
        now,
        timezone: snapshot.then((d) => d.timezone),
        scheduleVersion: snapshot.then((d) => d.scheduleVersion),
      }),
    ]);
    if (!patient) {
      throw appointmentsError(AppointmentsErrorCode.PatientNotActive, 'Your account is not active');
    }
    assertBookable(doctor);
    const slot = offered(check);
    const online = this.config.PAYMENT_MODE === 'online';
    const status = online ? AppointmentStatus.Pending : AppointmentStatus.Confirmed;
    const record = newAppointment(
      patientId,
      patient,
      doctorId,
      doctor,
      slot,
      status,
      online ? new Date(now.getTime() + this.config.HOLD_MINUTES * 60_000) : null,
      online ? 'unpaid' : 'pay_at_clinic',
      historyEntry(status, now, patientId, 'patient', null),
    );

    const created = await this.tx.run(async (session) => {
      await this.assertNoOverlap(patientId, slot.start, slot.end, session);
      if (online) {
        const holds = await this.appointments.countLiveUnpaidHolds(patientId, now, session);
        if (holds >= this.config.MAX_UNPAID_HOLDS) {
          throw appointmentsError(
            AppointmentsErrorCode.TooManyHolds,
            `You already have ${holds} unpaid bookings; pay or cancel one first`,
            { limit: this.config.MAX_UNPAID_HOLDS },
          );
        }
      }
      let inserted: AppointmentRecord;
      try {
        inserted = await this.appointments.insertActive(record, session);
      } catch (err) {
        if (isSlotClash(err)) {
          throw slotTaken();
        }
        throw err;
      }
      await this.publisher.booked(session, inserted);
      return inserted;
    });
    return toAppointmentResponse(created);
  }

  /**
   * A waitlist offer: a `pending` unpaid hold of the slot at `startsAt` for the patient, lapsing
   * after HOLD_MINUTES in every payment mode, written in the caller's transaction (the outbox
   * delivery that offers it). The same rules as a booking apply, except the unpaid-holds limit
   * (the patient asked for this slot): 'not_offered' when the schedule no longer offers the
   * slot (or it is taken), 'overlap' when the patient has another appointment then,
   * 'not_bookable' when the patient or doctor cannot book. A concurrent claim of the slot
   * fails the transaction (E11000), so the caller's delivery retries and then sees it taken.
   */
  async holdForWaitlist(
    session: ClientSession,
    input: { patientId: string; doctorId: string; startsAt: Date },
    now: Date = new Date(),
  ): Promise<
    { held: true; appointmentId: string; holdExpiresAt: Date } | { held: false; reason: string }
  > {
    const { patientId, doctorId, startsAt } = input;
    const [patient, doctor, check] = await Promise.all([
      this.activePatient(patientId),
      this.doctors.getBookingSnapshot(doctorId),
      this.availability.checkSlot(doctorId, startsAt, { now }),
    ]);
    if (!patient || patientId === doctorId) {
      return { held: false, reason: 'not_bookable' };
    }
    try {
      assertBookable(doctor);
    } catch {
      return { held: false, reason: 'not_bookable' };
    }
    if (!check.ok) {
      return { held: false, reason: 'not_offered' };
    }
    const other = await this.lockPatient(patientId, check.slot.start, check.slot.end, session);
    if (other) {
      return { held: false, reason: 'overlap' };
    }
    const holdExpiresAt = new Date(now.getTime() + this.config.HOLD_MINUTES * 60_000);
    const record = newAppointment(
      patientId,
      patient,
      doctorId,
      doctor,
      check.slot,
      AppointmentStatus.Pending,
      holdExpiresAt,
      'unpaid',
      historyEntry(AppointmentStatus.Pending, now, null, 'system', 'Offered from the waitlist'),
    );
    const inserted = await this.appointments.insertActive(record, session);
    await this.publisher.booked(session, inserted);
    return { held: true, appointmentId: inserted._id.toHexString(), holdExpiresAt };
  }

  /** What a booking copies of the patient, if the account is active. */
  private async activePatient(patientId: string): Promise<CallerProfile | null> {
    const account = await this.users.findById(patientId);
    return account && account.status === AccountStatus.Active ? callerProfileFrom(account) : null;
  }

  /** The slot starting at `startsAt`, if the doctor's schedule offers it for booking now. */
  private async offeredSlot(doctorId: string, startsAt: Date, now: Date) {
    return offered(await this.availability.checkSlot(doctorId, startsAt, { now }));
  }

  /**
   * Takes the patient's booking lock for an appointment at [start, end) that the transaction
   * creates or moves (`excludeId`), and returns another active appointment of the patient that
   * overlaps it, or null. Every such transaction comes through here first, so concurrent ones
   * of one patient conflict on the lock and the retried one sees the other's appointment.
   *
   * The lock keeps `busyUntil`, an instant no active appointment of the patient ends after: a
   * slot starting at or after it overlaps nothing, so the query is skipped (the common case of
   * booking after what one already has). A lock without it (a patient's first booking, or data
   * from before it was kept) gets it from the patient's appointments here.
   */
  private async lockPatient(
    patientId: string,
    start: Date,
    end: Date,
    session: ClientSession,
    excludeId?: string,
  ): Promise<AppointmentRecord | null> {
    const bound =
      (await this.locks.take(patientId, end, session)) ??
      (await this.boundFromAppointments(patientId, end, session));
    return !bound || bound.getTime() <= start.getTime()
      ? null
      : this.appointments.findPatientOverlap(patientId, start, end, { session, excludeId });
  }

  /**
   * For a lock without a bound: the latest end among the patient's active appointments, kept on
   * the lock when it is later than `end` (which `take` kept already). Even when the caller goes
   * on without an appointment (a waitlist offer that overlaps), its transaction commits the
   * lock, so the bound must cover what the patient already has. A patient's first booking thus
   * costs one query, not two: nothing of theirs ends after the bound.
   */
  private async boundFromAppointments(
    patientId: string,
    end: Date,
    session: ClientSession,
  ): Promise<Date | null> {
    const bound = await this.appointments.activeEndBound(patientId, session);
    if (bound && bound.getTime() > end.getTime()) {
      await this.locks.raise(patientId, bound, session);
    }
    return bound;
  }

  private async assertNoOverlap(
    patientId: string,
    start: Date,
    end: Date,
    session: ClientSession,
    excludeId?: string,
  ): Promise<void> {
    const other = await this.lockPatient(patientId, start, end, session, excludeId);
    if (other) {
      throw appointmentsError(
        AppointmentsErrorCode.PatientOverlap,
        'You already have an appointment at that time',
        { appointmentId: other._id.toHexString() },
      );
    }
  }
}

/** The checked slot, or SLOT_NOT_OFFERED with the reason. */
function offered(check: SlotCheck): SlotCandidate {
  if (!check.ok) {
    throw appointmentsError(AppointmentsErrorCode.SlotNotOffered, SLOT_PROBLEMS[check.reason], {
      reason: check.reason,
    });
  }
  return check.slot;
}

function assertBookable(doctor: DoctorBookingSnapshot): void {
  if (
    !doctor.approved ||
    !doctor.visible ||
    !doctor.accountActive ||
    !doctor.accepting ||
    doctor.mustChangePassword
  ) {
    throw appointmentsError(
      AppointmentsErrorCode.DoctorNotBookable,
      'This doctor is not accepting bookings',
    );
  }
}

function newAppointment(
  patientId: string,
  patient: CallerProfile,
  doctorId: string,
  doctor: DoctorBookingSnapshot,
  slot: SlotCandidate,
  status: AppointmentStatus,
  holdExpiresAt: Date | null,
  paymentState: NewAppointment['paymentState'],
  history: NewAppointment['history'][number],
): NewAppointment {
  return {
    doctorId: new Types.ObjectId(doctorId),
    patientId: new Types.ObjectId(patientId),
    startsAt: slot.start,
    endsAt: slot.end,
    status,
    holdExpiresAt,
    feeAmount: doctor.fee.amount,
    currency: doctor.fee.currency,
    paymentState,
    paidAmount: 0,
    patient: {
      name: patient.name,
      email: patient.email,
      phone: patient.phone,
      imageUrl: patient.imageUrl,
      dateOfBirth: patient.dateOfBirth,
    },
    doctor: {
      name: doctor.name,
      speciality: doctor.speciality,
      specialityName: doctor.specialityName,
      degree: doctor.degree,
      imageUrl: doctor.imageUrl,
      address: { line1: doctor.address.line1, line2: doctor.address.line2 },
      timezone: doctor.timezone,
    },
    history: [history],
  };
}
