import { Injectable, Logger } from '@nestjs/common';
import type { ClientSession } from 'mongoose';

import { skipOf, type Page } from '../../common/dto/pagination.dto';
import { DoctorsService } from '../doctors/doctors.service';
import { AvailabilityErrorCode, availabilityError } from './availability.errors';
import {
  addDays,
  DEFAULT_SCHEDULE_SETTINGS,
  SCHEDULE_LIMITS,
  daysInRange,
  sortIntervals,
  type ScheduleRules,
  type TimeInterval,
  type Weekday,
} from './domain/schedule-rules';
import {
  candidateSlotsOn,
  checkSlot,
  generateSlots,
  listDates,
  localDateOf,
  type DaySlots,
  type SlotCheck,
  type TimeRange,
} from './domain/slot-engine';
import type { ScheduleOverrideResponseDto, ScheduleResponseDto } from './dto/schedule-response.dto';
import type { CompactSlotsResponseDto, SlotsResponseDto } from './dto/slots-response.dto';
import {
  toCompactSlotsResponse,
  toScheduleOverrideResponse,
  toScheduleResponse,
  toScheduleRules,
  toSlotsResponse,
} from './schedule.mapper';
import { ScheduleOverridesRepository } from './schedule-overrides.repository';
import { SchedulesRepository } from './schedules.repository';
import { SerializedJson } from '../../common/http/serialized-json';
import { SlotOccupancy, takenTimeOf, type TakenTime } from './slot-occupancy';
import { afterCommit, TransactionRunner } from '../../database/transaction-runner';
import { OutboxService } from '../outbox/outbox.service';
import { SlotsCache, slotsValidUntil, type SlotsFingerprint } from './slots-cache';
import { ScheduleCache, type ScheduleAround } from './schedule-cache';
import { AvailabilityEvents, type AvailabilityOverrideSetEvent } from './availability.events';

const DAY_MS = 86_400_000;

export interface ScheduleInput {
  timezone?: string;
  slotMinutes?: number;
  bufferMinutes?: number;
  minNoticeMinutes?: number;
  maxAdvanceDays?: number;
  weekly: Partial<Record<Weekday, readonly TimeInterval[] | null>>;
}

export interface OverrideInput {
  intervals: readonly TimeInterval[];
  reason?: string | null;
}

export interface OverrideListQuery {
  from?: string;
  to?: string;
  page: number;
  limit: number;
}

export interface SlotsQuery {
  from: string;
  to: string;
  tz?: string;
}

function checkRange(query: SlotsQuery): void {
  const days = daysInRange(query.from, query.to);
  if (days < 1) {
    throw availabilityError(AvailabilityErrorCode.InvalidDateRange, 'from must not be after to');
  }
  if (days > SCHEDULE_LIMITS.maxRangeDays) {
    throw availabilityError(
      AvailabilityErrorCode.DateRangeTooLong,
      `The range may span at most ${SCHEDULE_LIMITS.maxRangeDays} days`,
    );
  }
}

const plain = (intervals: readonly TimeInterval[] | null | undefined): TimeInterval[] =>
  sortIntervals(intervals ?? []).map((i) => ({ start: i.start, end: i.end }));

/**
 * Doctors' schedules and date overrides, and the slots they produce. Ownership is decided by
 * the routes: `me` routes pass the caller's id, admin routes any doctor's id.
 */
@Injectable()
export class AvailabilityService {
  private readonly logger = new Logger(AvailabilityService.name);

  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly overrides: ScheduleOverridesRepository,
    private readonly doctors: DoctorsService,
    private readonly occupancy: SlotOccupancy,
    private readonly outbox: OutboxService,
    private readonly tx: TransactionRunner,
    private readonly cache: SlotsCache,
    private readonly schedulesAround: ScheduleCache,
  ) {}

  /** The doctor's schedule, or the defaults (closed every day) if none was saved. */
  async getSchedule(doctorId: string): Promise<ScheduleResponseDto> {
    const [owner, record] = await Promise.all([
      this.doctors.getScheduleOwner(doctorId),
      this.schedules.findByDoctor(doctorId),
    ]);
    return toScheduleResponse(owner.id, owner.timezone, record);
  }

  /** Replaces the schedule; a given time zone is written to the doctor profile. */
  async putSchedule(doctorId: string, input: ScheduleInput): Promise<ScheduleResponseDto> {
    const owner = await this.doctors.getScheduleOwner(doctorId);
    const d = DEFAULT_SCHEDULE_SETTINGS;
    const w = input.weekly;
    const weekly: Record<Weekday, TimeInterval[]> = {
      mon: plain(w.mon),
      tue: plain(w.tue),
      wed: plain(w.wed),
      thu: plain(w.thu),
      fri: plain(w.fri),
      sat: plain(w.sat),
      sun: plain(w.sun),
    };
    const record = await this.schedules.replace(owner.id, {
      slotMinutes: input.slotMinutes ?? d.slotMinutes,
      bufferMinutes: input.bufferMinutes ?? d.bufferMinutes,
      minNoticeMinutes: input.minNoticeMinutes ?? d.minNoticeMinutes,
      maxAdvanceDays: input.maxAdvanceDays ?? d.maxAdvanceDays,
      weekly,
    });
    await this.scheduleChanged(owner.id);
    let timezone = owner.timezone;
    if (input.timezone && input.timezone !== owner.timezone) {
      await this.doctors.setTimezone(owner.id, input.timezone);
      timezone = input.timezone;
    }
    return toScheduleResponse(owner.id, timezone, record);
  }

  async listOverrides(
    doctorId: string,
    query: OverrideListQuery,
  ): Promise<Page<ScheduleOverrideResponseDto>> {
    if (query.from && query.to && query.from > query.to) {
      throw availabilityError(AvailabilityErrorCode.InvalidDateRange, 'from must not be after to');
    }
    const owner = await this.doctors.getScheduleOwner(doctorId);
    const { items, total } = await this.overrides.pageByDoctor(
      owner.id,
      { from: query.from, to: query.to },
      skipOf(query),
      query.limit,
    );
    return {
      items: items.map(toScheduleOverrideResponse),
      total,
      page: query.page,
      limit: query.limit,
    };
  }

  /** Sets the hours of one local date (idempotent: the same PUT twice leaves one override). */
  async putOverride(
    doctorId: string,
    date: string,
    input: OverrideInput,
  ): Promise<ScheduleOverrideResponseDto> {
    const owner = await this.doctors.getScheduleOwner(doctorId);
    const reason = input.reason?.trim() || null;
    // The override and its event commit together: hours it opens reach the waitlist reliably.
    const record = await this.tx.run(async (session) => {
      const saved = await this.overrides.upsert(
        owner.id,
        date,
        { intervals: plain(input.intervals), reason },
        session,
      );
      const event: AvailabilityOverrideSetEvent = {
        doctorId: owner.id,
        date,
        timezone: owner.timezone,
      };
      await this.outbox.publish(session, AvailabilityEvents.OverrideSet, event);
      await this.scheduleChanged(owner.id, session);
      return saved;
    });
    return toScheduleOverrideResponse(record);
  }

  async deleteOverride(doctorId: string, date: string): Promise<void> {
    const owner = await this.doctors.getScheduleOwner(doctorId);
    if (!(await this.overrides.deleteOne(owner.id, date))) {
      throw availabilityError(AvailabilityErrorCode.OverrideNotFound, `No override for ${date}`);
    }
    await this.scheduleChanged(owner.id);
  }

  /**
   * Public slots of a bookable doctor for local dates `from..to`. A bounded number of queries:
   * the doctor's profile (zone, bookability, schedule version) and one taken-intervals query
   * spanning the range, in parallel; then, unless this instance holds the answer built from that
   * very profile and taken time (slots-cache.ts), the schedule by _id and the range's overrides
   * (in parallel).
   */
  async listSlots(
    doctorId: string,
    query: SlotsQuery,
    now: Date = new Date(),
  ): Promise<SlotsResponseDto> {
    return (await this.slotsJson(doctorId, query, now)).value;
  }

  /** listSlots as a body serialised once, shared by every request the cached answer serves. */
  slotsJson(
    doctorId: string,
    query: SlotsQuery,
    now: Date = new Date(),
  ): Promise<SerializedJson<SlotsResponseDto>> {
    return this.slotsAnswer('full', doctorId, query, now, (ownerId, rules, days) =>
      toSlotsResponse(ownerId, rules, query.tz ?? rules.timezone, days),
    );
  }

  /** The same slots as listSlots, in the compact form (one local start per slot), serialised. */
  compactSlotsJson(
    doctorId: string,
    query: SlotsQuery,
    now: Date = new Date(),
  ): Promise<SerializedJson<CompactSlotsResponseDto>> {
    return this.slotsAnswer('compact', doctorId, query, now, (ownerId, rules, days) =>
      toCompactSlotsResponse(ownerId, rules, query.tz ?? rules.timezone, days),
    );
  }

  private async slotsAnswer<T>(
    form: 'full' | 'compact',
    doctorId: string,
    query: SlotsQuery,
    now: Date,
    build: (ownerId: string, rules: ScheduleRules, days: DaySlots[]) => T,
  ): Promise<SerializedJson<T>> {
    checkRange(query);
    // The taken time is read on every request (a cached answer is reused only for the same),
    // and for the local dates' widest possible span (UTC-12..UTC+14, plus a day for DST
    // edges), so that it can be read in parallel with the profile. The schedule version comes
    // with the profile, before the schedule and overrides are read (schedule-cache.ts).
    const [owner, taken] = await Promise.all([
      this.doctors.getScheduleOwner(doctorId),
      this.takenTimeBetween(
        doctorId,
        Math.max(now.getTime(), Date.parse(`${query.from}T00:00:00Z`) - DAY_MS),
        Date.parse(`${addDays(query.to, 1)}T00:00:00Z`) + DAY_MS,
      ),
    ]);
    if (!owner.publiclyBookable) {
      throw availabilityError(AvailabilityErrorCode.DoctorNotFound, 'Doctor not found');
    }
    const key = `${form}|${owner.id}|${query.from}|${query.to}|${query.tz ?? ''}`;
    const fingerprint: SlotsFingerprint = {
      scheduleVersion: owner.scheduleVersion,
      timezone: owner.timezone,
      bookable: true,
      taken: taken.digest,
    };
    const nowMs = now.getTime();
    const cached = this.cache.get(key, fingerprint, nowMs) as SerializedJson<T> | undefined;
    if (cached !== undefined) {
      return cached;
    }
    const [record, overrides] = await Promise.all([
      this.schedules.findByDoctor(owner.id),
      this.overrides.findByDoctorAndDateRange(owner.id, query.from, query.to),
    ]);
    const rules = toScheduleRules(record, owner.timezone);
    const days = generateSlots({
      schedule: rules,
      overrides,
      now,
      from: query.from,
      to: query.to,
      taken: taken.ranges(),
    });
    const answer = new SerializedJson(build(owner.id, rules, days));
    if (this.cache.enabled) {
      this.cache.set(
        key,
        fingerprint,
        answer,
        slotsValidUntil(days, rules.minNoticeMinutes, nowMs),
        nowMs,
      );
    }
    return answer;
  }

  /**
   * After a change of the doctor's weekly hours or overrides is durable (after `session`'s
   * commit, or now without one) and before the change is answered: bumps the schedule version
   * on the doctor's profile, which cached slots answers and booking's cached schedules are
   * checked against. Never throws: a failed bump is logged, and the change reaches cached
   * readers at the latest after SLOTS_CACHE_MAX_AGE_MS.
   */
  private scheduleChanged(doctorId: string, session?: ClientSession | null): Promise<void> {
    return afterCommit(session, async () => {
      try {
        await this.doctors.scheduleChanged(doctorId);
      } catch (err) {
        this.logger.warn(
          `Schedule version of doctor ${doctorId} not bumped: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    });
  }

  /** Taken time in [fromMs, toMs); a window wholly in the past needs no query. */
  private takenTimeBetween(doctorId: string, fromMs: number, toMs: number): Promise<TakenTime> {
    if (toMs <= fromMs) {
      return Promise.resolve(takenTimeOf([]));
    }
    return this.occupancy.findTakenTime(doctorId, new Date(fromMs), new Date(toMs));
  }

  /** The engine's view of a doctor's schedule (defaults when none was saved). */
  async getScheduleRules(doctorId: string): Promise<ScheduleRules> {
    const [owner, record] = await Promise.all([
      this.doctors.getScheduleOwner(doctorId),
      this.schedules.findByDoctor(doctorId),
    ]);
    return toScheduleRules(record, owner.timezone);
  }

  /**
   * For booking: whether `startsAt` is exactly one of the doctor's slots and bookable at `now`,
   * by the same engine as the slots endpoint. Does not check that the doctor is publicly
   * bookable, nor (unless `taken` is passed) whether the slot is free: the appointments
   * module's unique index is the authority on that.
   */
  async checkSlot(
    doctorId: string,
    startsAt: Date,
    options: {
      now?: Date;
      taken?: readonly TimeRange[];
      /**
       * The doctor's zone when the caller reads the doctor anyway (booking does): saves reading
       * the profile again, and a promise lets the schedule be read meanwhile.
       */
      timezone?: string | Promise<string>;
      /**
       * The doctor's schedule version (DoctorBookingSnapshot.scheduleVersion), when the caller
       * reads the profile anyway: the schedule and overrides then come from this instance's
       * copy made under that version, if it has one (schedule-cache.ts).
       */
      scheduleVersion?: number | Promise<number>;
    } = {},
  ): Promise<SlotCheck> {
    // Local dates are within a day of the UTC date in every zone (offsets are under 15 h), and
    // the engine also looks at the previous local date: this window covers them for any zone,
    // so the overrides can be read in parallel with the schedule.
    const utcDate = startsAt.toISOString().slice(0, 10);
    const read = async (): Promise<ScheduleAround> => {
      const [record, overrides] = await Promise.all([
        this.schedules.findByDoctor(doctorId),
        this.overrides.findByDoctorAndDateRange(
          doctorId,
          addDays(utcDate, -2),
          addDays(utcDate, 1),
        ),
      ]);
      return { record, overrides };
    };
    const around = async (): Promise<ScheduleAround> =>
      options.scheduleVersion === undefined
        ? read()
        : this.schedulesAround.get(doctorId, await options.scheduleVersion, utcDate, read);
    const [timezone, { record, overrides }] = await Promise.all([
      options.timezone ?? this.doctors.getScheduleOwner(doctorId).then((o) => o.timezone),
      around(),
    ]);
    const rules = toScheduleRules(record, timezone);
    return checkSlot(rules, overrides, startsAt, options.now ?? new Date(), options.taken);
  }

  // Read-only, for the admin dashboard's utilisation: slots the schedule generates in [start, end).
  async countOfferedSlots(
    doctorId: string,
    timezone: string,
    start: Date,
    end: Date,
  ): Promise<number> {
    const record = await this.schedules.findByDoctor(doctorId);
    if (!record) {
      return 0;
    }
    const rules = toScheduleRules(record, timezone);
    // The previous local date too: a late interval on it can produce slots after `start`.
    const from = addDays(localDateOf(start, timezone), -1);
    const to = localDateOf(end, timezone);
    const overrides = await this.overrides.findByDoctorAndDateRange(doctorId, from, to);
    let count = 0;
    for (const date of listDates(from, to)) {
      for (const slot of candidateSlotsOn(rules, overrides, date)) {
        if (slot.start >= start && slot.start < end) {
          count++;
        }
      }
    }
    return count;
  }
}
