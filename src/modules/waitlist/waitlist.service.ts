import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Types, type ClientSession } from 'mongoose';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { AppointmentEvents } from '../appointments/appointments.events';
import { AppointmentsService } from '../appointments/appointments.service';
import { BookingService } from '../appointments/booking.service';
import type { AppointmentResponseDto } from '../appointments/dto/appointment-response.dto';
import { DoctorsErrorCode, doctorsError } from '../doctors/doctors.errors';
import { DoctorsService } from '../doctors/doctors.service';
import { OutboxService } from '../outbox/outbox.service';
import { inWindow, isCalendarDate, localDateTime } from './domain/local-time';
import type { JoinWaitlistDto, WaitlistCountDto, WaitlistEntryDto } from './dto/waitlist.dto';
import { MAX_WAITING_ENTRIES } from './schemas/waitlist-entry.schema';
import { toWaitlistEntryDto } from './waitlist.mapper';
import { WaitlistErrorCode, waitlistError } from './waitlist.errors';
import { WaitlistRepository } from './waitlist.repository';
import { AppError } from '../../common/errors/app-error';
import {
  AvailabilityEvents,
  type AvailabilityOverrideSetEvent,
} from '../availability/availability.events';
import { AvailabilityService } from '../availability/availability.service';

/** Longest date range one entry may cover. */
const MAX_RANGE_DAYS = 90;
const DAY_MS = 86_400_000;
const day = (at: Date): string => at.toISOString().slice(0, 10);
/** How far down the line one freed slot looks (patients skipped as booked elsewhere then). */
const CANDIDATES = 500;

export interface FreedSlot {
  doctorId: string;
  startsAt: Date;
  timezone: string;
  /** The appointment whose cancellation or move freed it (part of the offer's key). */
  freedBy: string;
}

/**
 * The waitlist: patients wait for a doctor's slot on a date range; when one frees up (an
 * appointment cancelled, a hold lapsed, a booking moved away) the first in line gets a hold on
 * it, through the outbox delivery of that event, so it happens exactly once in effect: the
 * offer, the hold and the entry's change commit with the delivery, and the offer's key (doctor,
 * start, freed appointment) is unique.
 */
@Injectable()
export class WaitlistService implements OnModuleInit {
  private readonly logger = new Logger(WaitlistService.name);

  constructor(
    private readonly repo: WaitlistRepository,
    private readonly doctors: DoctorsService,
    private readonly booking: BookingService,
    private readonly availability: AvailabilityService,
    private readonly appointments: AppointmentsService,
    private readonly outbox: OutboxService,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe(AvailabilityEvents.OverrideSet, 'waitlist.offer-opened-hours', (e, ctx) =>
      this.offerOpenedHours(e, ctx.eventId, ctx.session),
    );
    this.outbox.subscribe(AppointmentEvents.Cancelled, 'waitlist.offer-cancelled-slot', (e, ctx) =>
      this.offerFreedSlot(
        {
          doctorId: e.doctorId,
          startsAt: new Date(e.startsAt),
          timezone: e.timezone,
          freedBy: e.appointmentId,
        },
        ctx.session,
      ),
    );
    this.outbox.subscribe(
      AppointmentEvents.Rescheduled,
      'waitlist.offer-rescheduled-slot',
      (e, ctx) =>
        this.offerFreedSlot(
          {
            doctorId: e.doctorId,
            startsAt: new Date(e.previousStartsAt),
            timezone: e.timezone,
            freedBy: e.appointmentId,
          },
          ctx.session,
        ),
    );
  }

  /**
   * A doctor set the hours of a date: every slot of it that is free now goes, one by one, to the
   * waiting line (a slot already held or booked is skipped by the booking rules). Keyed on the
   * event, so a second delivery offers nothing twice.
   */
  async offerOpenedHours(
    e: AvailabilityOverrideSetEvent,
    eventId: string,
    session: ClientSession,
    now: Date = new Date(),
  ): Promise<void> {
    let days: Array<{ slots: Array<{ start: string; available: boolean }> }>;
    try {
      days = (await this.availability.listSlots(e.doctorId, { from: e.date, to: e.date }, now))
        .days;
    } catch (err) {
      // Not bookable (unlisted, not accepting) or the date is outside the horizon: no offers.
      if (err instanceof AppError) {
        return;
      }
      throw err;
    }
    for (const slot of days.flatMap((d) => d.slots).filter((s) => s.available)) {
      await this.offerFreedSlot(
        {
          doctorId: e.doctorId,
          startsAt: new Date(slot.start),
          timezone: e.timezone,
          freedBy: `hours:${eventId}`,
        },
        session,
        now,
      );
    }
  }

  async join(
    patientId: string,
    doctorId: string,
    input: JoinWaitlistDto,
    now: Date = new Date(),
  ): Promise<WaitlistEntryDto> {
    if (!isCalendarDate(input.from) || !isCalendarDate(input.to) || input.from > input.to) {
      throw waitlistError(
        WaitlistErrorCode.InvalidDateRange,
        'from and to must be real dates YYYY-MM-DD with from on or before to',
      );
    }
    const days = (Date.parse(input.to) - Date.parse(input.from)) / DAY_MS;
    if (days >= MAX_RANGE_DAYS) {
      throw waitlistError(
        WaitlistErrorCode.InvalidDateRange,
        `A waitlist entry covers at most ${MAX_RANGE_DAYS} days`,
        { maxDays: MAX_RANGE_DAYS },
      );
    }
    const earliest = input.earliestTime ?? null;
    const latest = input.latestTime ?? null;
    if (earliest !== null && latest !== null && earliest > latest) {
      throw waitlistError(
        WaitlistErrorCode.InvalidTimeWindow,
        'earliestTime must be on or before latestTime',
      );
    }
    const doctor = await this.doctors.getBookingSnapshot(doctorId);
    if (!doctor.approved || !doctor.visible || !doctor.accountActive) {
      throw doctorsError(DoctorsErrorCode.DoctorNotFound, 'Doctor not found');
    }
    const today = localDateTime(now, doctor.timezone).date;
    if (input.to < today) {
      throw waitlistError(WaitlistErrorCode.InvalidDateRange, 'The date range is in the past');
    }
    // Entries whose dates are over (in any zone: a day before today in UTC) no longer take one
    // of the patient's places.
    await this.repo.expireEnded(patientId, day(new Date(now.getTime() - DAY_MS)));
    const entry = await this.repo.insertWaiting({
      patientId: new Types.ObjectId(patientId),
      doctorId: new Types.ObjectId(doctorId),
      from: input.from,
      to: input.to,
      earliestTime: earliest,
      latestTime: latest,
      joinedAt: now,
    });
    if (!entry) {
      throw waitlistError(
        WaitlistErrorCode.LimitReached,
        `You are already on ${MAX_WAITING_ENTRIES} waitlists; leave one first`,
        { limit: MAX_WAITING_ENTRIES },
      );
    }
    return toWaitlistEntryDto(entry);
  }

  async mine(patientId: string): Promise<WaitlistEntryDto[]> {
    return (await this.repo.listOfPatient(patientId)).map(toWaitlistEntryDto);
  }

  async leave(patientId: string, id: string): Promise<WaitlistEntryDto> {
    const left = await this.repo.leave(patientId, id);
    if (!left) {
      throw waitlistError(WaitlistErrorCode.EntryNotFound, 'Waitlist entry not found');
    }
    return toWaitlistEntryDto(left);
  }

  /** Patients waiting for dates that are not over yet in the doctor's zone. */
  async countForDoctor(doctorId: string, now: Date = new Date()): Promise<WaitlistCountDto> {
    const { timezone } = await this.doctors.getBookingSnapshot(doctorId);
    return { count: await this.repo.countWaiting(doctorId, localDateTime(now, timezone).date) };
  }

  /**
   * The patient accepts a waitlist hold in clinic payment mode: it is confirmed, to be paid at
   * the clinic. In online mode a hold is accepted by paying it (the payments endpoints).
   */
  async accept(patientId: string, appointmentId: string): Promise<AppointmentResponseDto> {
    const offer = await this.repo.findOfferOf(appointmentId);
    if (!offer || offer.patientId?.toHexString() !== patientId) {
      throw waitlistError(WaitlistErrorCode.OfferNotFound, 'Waitlist offer not found');
    }
    if (this.config.PAYMENT_MODE === 'online') {
      throw waitlistError(
        WaitlistErrorCode.PaymentRequired,
        'Pay for this appointment to accept it (POST /api/v1/payments)',
      );
    }
    const accepted = await this.tx.run((session) =>
      this.appointments.choosePayAtClinic(appointmentId, patientId, session),
    );
    if (!accepted) {
      throw waitlistError(
        WaitlistErrorCode.OfferNotOpen,
        'This offer is no longer open (it lapsed, was cancelled or is already accepted)',
      );
    }
    return accepted;
  }

  /**
   * Gives the freed slot, as a hold, to the first waiting entry that fits it; skips patients
   * who cannot take it (booked elsewhere then, account not active). Runs in the delivery's
   * transaction; the offer key makes a second delivery of the same event a no-op.
   */
  async offerFreedSlot(
    slot: FreedSlot,
    session: ClientSession,
    now: Date = new Date(),
  ): Promise<void> {
    if (slot.startsAt.getTime() <= now.getTime()) {
      return;
    }
    const key = `${slot.doctorId}:${slot.startsAt.toISOString()}:${slot.freedBy}`;
    if (await this.repo.offerExists(key, session)) {
      return;
    }
    const local = localDateTime(slot.startsAt, slot.timezone);
    const line = await this.repo.waitingFor(slot.doctorId, local.date, CANDIDATES, session);
    {
      for (const entry of line) {
        if (!inWindow(local.time, entry.earliestTime ?? null, entry.latestTime ?? null)) {
          continue;
        }
        const patientId = entry.patientId.toHexString();
        const hold = await this.booking.holdForWaitlist(
          session,
          { patientId, doctorId: slot.doctorId, startsAt: slot.startsAt },
          now,
        );
        if (!hold.held) {
          if (hold.reason === 'not_offered') {
            break;
          }
          continue;
        }
        if (
          !(await this.repo.markOffered(
            entry._id,
            {
              appointmentId: hold.appointmentId,
              startsAt: slot.startsAt,
              holdExpiresAt: hold.holdExpiresAt,
            },
            session,
          ))
        ) {
          // Left meanwhile: abort the whole delivery (the hold with it); the retry moves on.
          throw new Error('Waitlist entry changed while being offered a slot');
        }
        await this.repo.recordOffer(
          key,
          { appointmentId: hold.appointmentId, entryId: entry._id, patientId: entry.patientId },
          session,
        );
        await this.outbox.publish(session, 'waitlist.offered', {
          entryId: entry._id.toHexString(),
          appointmentId: hold.appointmentId,
          patientId,
          doctorId: slot.doctorId,
          doctorName: (await this.doctors.getBookingSnapshot(slot.doctorId)).name,
          startsAt: slot.startsAt,
          holdExpiresAt: hold.holdExpiresAt,
          timezone: slot.timezone,
          acceptBy: this.config.PAYMENT_MODE === 'online' ? 'payment' : 'confirm',
        });
        this.logger.log(`Waitlist entry ${entry._id.toHexString()} offered a hold`);
        return;
      }
    }
    await this.repo.recordOffer(key, null, session);
  }
}
