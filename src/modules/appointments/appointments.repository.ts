import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types, type ClientSession, type QueryWithHelpers } from 'mongoose';
import type { TimeRange } from '../availability/domain/slot-engine';
import type { TakenTime } from '../availability/slot-occupancy';
import { AppointmentStatus } from './domain/appointment-status';
import { insertTyped } from '../../common/persistence/insert-typed';
import {
  decodeBatch,
  explainFindBatch,
  findBatchBytes,
  type FindBatchBytesQuery,
} from '../../common/persistence/find-batch-bytes';
import {
  Appointment,
  type Cancellation,
  type DoctorSnapshot,
  type PatientSnapshot,
  type PaymentState,
  type StatusChange,
} from './schemas/appointment.schema';

export type AppointmentRecord = Appointment;

export type NewAppointment = Omit<
  Appointment,
  | '_id'
  | 'createdAt'
  | 'updatedAt'
  | 'active'
  | 'cancellation'
  | 'reminderSentAt'
  | 'rescheduledFrom'
  | 'refundedAmount'
>;

/** Whose appointments a caller may see: a patient's, a doctor's, or (empty) everyone's. */
export interface AppointmentScope {
  patientId?: string;
  doctorId?: string;
}

export interface AppointmentListCriteria extends AppointmentScope {
  statuses?: AppointmentStatus[];
  /** Inclusive lower bound of startsAt. */
  startsFrom?: Date;
  /** Exclusive upper bound of startsAt. */
  startsBefore?: Date;
  order: 'asc' | 'desc';
}

/** Extra conditions a transition holds under, so it applies only to the state it was decided on. */
export interface TransitionConditions {
  /** The visit must have started by then (completed / no-show). */
  startedBy?: Date;
  /** The visit must have ended by then (close-out). */
  endedBy?: Date;
  /** The unpaid hold must have lapsed by then (hold release). */
  holdExpiredBy?: Date;
  paymentStates?: PaymentState[];
  /** Optimistic check: the values the decision (e.g. the refund) was computed from. */
  startsAt?: Date;
  paidAmount?: number;
}

export interface TransitionChange {
  to: AppointmentStatus;
  history: StatusChange;
  cancellation?: Cancellation;
  /** Terminal statuses release the slot: `active` is removed, so the unique index drops it. */
  deactivate: boolean;
}

/** Explain output (MongoDB's shape; only the plan is inspected). */
export type ExplainResult = Record<string, unknown>;

type Filter = Record<string, unknown>;

// An appointment is never longer than a day (slots are at most a few hours), so a search for
// anything overlapping [start, end) only has to look at starts from a day before `start`:
// that keeps the range on the indexed startsAt bounded on both sides.
const MAX_APPOINTMENT_MS = 24 * 60 * 60 * 1000;

const oid = (id: string): Types.ObjectId => new Types.ObjectId(id);

const scopeFilter = (scope: AppointmentScope): Filter => ({
  ...(scope.patientId !== undefined ? { patientId: oid(scope.patientId) } : {}),
  ...(scope.doctorId !== undefined ? { doctorId: oid(scope.doctorId) } : {}),
});

/** The only code that touches the appointments collection. */
const TAKEN_BATCH_SIZE = 10_000;

/**
 * The busy time of a doctor overlapping [from, to): active appointments, so the planner can use
 * the partial unique index on {doctorId, startsAt}. One batch, so one round trip (a month of the
 * shortest slots is under 10,000 rows of two dates).
 */
function takenQuery(doctorId: string, from: Date, to: Date): FindBatchBytesQuery {
  return {
    filter: {
      doctorId: oid(doctorId),
      active: true,
      startsAt: { $gte: new Date(from.getTime() - MAX_APPOINTMENT_MS), $lt: to },
      endsAt: { $gt: from },
    },
    projection: { _id: 0, startsAt: 1, endsAt: 1 },
    sort: { startsAt: 1 },
    batchSize: TAKEN_BATCH_SIZE,
  };
}

@Injectable()
export class AppointmentsRepository {
  constructor(@InjectModel(Appointment.name) private readonly model: Model<Appointment>) {}

  /**
   * Inserts an active appointment. The partial unique index `one_active_per_doctor_slot`
   * refuses a second active appointment of the doctor at the same instant (E11000).
   *
   * Nothing announces it to the slots caches: they read the taken time on every request and
   * reuse an answer only if it is the same (availability/slots-cache.ts).
   */
  async insertActive(input: NewAppointment, session: ClientSession): Promise<AppointmentRecord> {
    const [record] = await insertTyped<
      Appointment,
      'cancellation' | 'reminderSentAt' | 'rescheduledFrom' | 'refundedAmount'
    >(this.model, [{ ...input, active: true }], session);
    return record;
  }

  findById(id: string): Promise<AppointmentRecord | null> {
    return this.model.findById(id).lean<AppointmentRecord>().exec();
  }

  /**
   * Whether the doctor has (or had) an appointment with the patient in one of `statuses`: one
   * probe of the `doctor_patient_status` index (the medical records' care relationship).
   */
  async hasAppointmentWith(
    doctorId: string,
    patientId: string,
    statuses: readonly AppointmentStatus[],
  ): Promise<boolean> {
    return (await this.withQuery(doctorId, patientId, statuses).lean().exec()) !== null;
  }

  explainAppointmentWith(
    doctorId: string,
    patientId: string,
    statuses: readonly AppointmentStatus[],
  ): Promise<ExplainResult> {
    return explain(this.withQuery(doctorId, patientId, statuses));
  }

  private withQuery(doctorId: string, patientId: string, statuses: readonly AppointmentStatus[]) {
    return this.model.findOne(
      { doctorId: oid(doctorId), patientId: oid(patientId), status: trusted({ $in: statuses }) },
      { _id: 1 },
    );
  }

  /** The appointment if it is inside the caller's scope, else null (so BOLA is a 404). */
  findInScope(id: string, scope: AppointmentScope): Promise<AppointmentRecord | null> {
    return this.model
      .findOne({ _id: oid(id), ...scopeFilter(scope) })
      .lean<AppointmentRecord>()
      .exec();
  }

  /** Another active appointment of the patient overlapping [start, end), if any. */
  findPatientOverlap(
    patientId: string,
    start: Date,
    end: Date,
    options: { excludeId?: string; session?: ClientSession } = {},
  ): Promise<AppointmentRecord | null> {
    // A driver findOne (what `.lean()` returns, without Mongoose's query layer): every booking
    // whose slot is not past the patient's `busyUntil` runs it; the filter is built here.
    return this.model.collection.findOne<AppointmentRecord>(
      {
        patientId: oid(patientId),
        startsAt: { $gte: new Date(start.getTime() - MAX_APPOINTMENT_MS), $lt: end },
        active: true,
        endsAt: { $gt: start },
        ...(options.excludeId ? { _id: { $ne: oid(options.excludeId) } } : {}),
      },
      { session: options.session },
    );
  }

  /**
   * An instant no active appointment of the patient ends after: the latest active start plus
   * the longest an appointment can be; null when the patient has none.
   */
  async activeEndBound(patientId: string, session: ClientSession): Promise<Date | null> {
    const latest = await this.model
      .findOne({ patientId: oid(patientId), active: true }, { startsAt: 1 })
      .sort({ startsAt: -1 })
      .session(session)
      .lean<Pick<AppointmentRecord, 'startsAt'>>()
      .exec();
    return latest ? new Date(latest.startsAt.getTime() + MAX_APPOINTMENT_MS) : null;
  }

  /** How many unpaid holds of the patient still hold a slot at `now`. */
  countLiveUnpaidHolds(patientId: string, now: Date, session?: ClientSession): Promise<number> {
    return this.model
      .countDocuments({
        patientId: oid(patientId),
        status: AppointmentStatus.Pending,
        paymentState: 'unpaid',
        holdExpiresAt: trusted({ $gt: now }),
      })
      .session(session ?? null)
      .exec();
  }

  // ---- Taken intervals (slots endpoint) ----

  /**
   * Busy time of a doctor overlapping [from, to) for the slots endpoint, which reads it on every
   * request to check its cached answers (one index range scan): the digest is the reply's rows as the server sent them, undecoded, so an
   * unchanged month costs no decoding at all (`ranges` decodes on demand).
   */
  async findTakenTime(doctorId: string, from: Date, to: Date): Promise<TakenTime> {
    const batch = await findBatchBytes(
      this.model.db.db!,
      this.model.collection.collectionName,
      takenQuery(doctorId, from, to),
    );
    let decoded: TimeRange[] | undefined;
    return {
      digest: batch,
      ranges: () =>
        (decoded ??= decodeBatch<Pick<Appointment, 'startsAt' | 'endsAt'>>(batch).map((r) => ({
          start: r.startsAt,
          end: r.endsAt,
        }))),
    };
  }

  private activeStartsQuery(doctorIds: string[], from: Date, to: Date) {
    // One range per doctor on the partial index; without the hint the planner may prefer the
    // `starts` index, which reads every doctor's appointments of the window.
    return this.model
      .find(
        {
          doctorId: trusted({ $in: doctorIds.map(oid) }),
          active: true,
          startsAt: trusted({ $gte: from, $lt: to }),
        },
        { _id: 0, doctorId: 1, startsAt: 1 },
      )
      .hint('one_active_per_doctor_slot');
  }

  /** Starts of the active appointments of several doctors in [from, to): one index scan. */
  async findActiveStarts(
    doctorIds: string[],
    from: Date,
    to: Date,
  ): Promise<Array<{ doctorId: string; startsAt: Date }>> {
    if (doctorIds.length === 0) {
      return [];
    }
    const rows = await this.activeStartsQuery(doctorIds, from, to)
      .lean<Array<Pick<Appointment, 'doctorId' | 'startsAt'>>>()
      .exec();
    return rows.map((r) => ({ doctorId: r.doctorId.toHexString(), startsAt: r.startsAt }));
  }

  explainActiveStarts(doctorIds: string[], from: Date, to: Date): Promise<ExplainResult> {
    return explain(this.activeStartsQuery(doctorIds, from, to));
  }

  explainTakenIntervals(doctorId: string, from: Date, to: Date): Promise<ExplainResult> {
    return explainFindBatch(
      this.model.db.db!,
      this.model.collection.collectionName,
      takenQuery(doctorId, from, to),
    );
  }

  // ---- Lists ----

  private listFilter(c: AppointmentListCriteria): Filter {
    const filter: Filter = scopeFilter(c);
    if (c.statuses?.length) {
      filter.status = c.statuses.length === 1 ? c.statuses[0] : trusted({ $in: c.statuses });
    }
    const range: Record<string, Date> = {};
    if (c.startsFrom) {
      range.$gte = c.startsFrom;
    }
    if (c.startsBefore) {
      range.$lt = c.startsBefore;
    }
    if (Object.keys(range).length) {
      filter.startsAt = trusted(range);
    }
    return filter;
  }

  private listQuery(c: AppointmentListCriteria, skip: number, limit: number) {
    return this.model
      .find(this.listFilter(c))
      .sort({ startsAt: c.order === 'asc' ? 1 : -1 })
      .skip(skip)
      .limit(limit);
  }

  async list(
    c: AppointmentListCriteria,
    skip: number,
    limit: number,
  ): Promise<{ items: AppointmentRecord[]; total: number }> {
    const [items, total] = await Promise.all([
      this.listQuery(c, skip, limit).lean<AppointmentRecord[]>().exec(),
      this.model.countDocuments(this.listFilter(c)).exec(),
    ]);
    return { items, total };
  }

  private calendarQuery(scope: AppointmentScope, since: Date, limit: number) {
    return this.model
      .find({ ...scopeFilter(scope), startsAt: trusted({ $gte: since }) })
      .select({
        startsAt: 1,
        endsAt: 1,
        status: 1,
        'doctor.name': 1,
        rescheduledFrom: 1,
        updatedAt: 1,
      })
      .sort({ startsAt: -1 })
      .limit(limit);
  }

  /**
   * A patient's or a doctor's appointments starting at or after `since`, newest first: one range
   * scan on `patient_starts` / `doctor_starts`, only the fields a calendar shows.
   */
  findForCalendar(
    scope: AppointmentScope,
    since: Date,
    limit: number,
  ): Promise<
    Pick<
      AppointmentRecord,
      '_id' | 'startsAt' | 'endsAt' | 'status' | 'doctor' | 'rescheduledFrom' | 'updatedAt'
    >[]
  > {
    return this.calendarQuery(scope, since, limit).lean<AppointmentRecord[]>().exec();
  }

  explainCalendar(scope: AppointmentScope, since: Date, limit: number): Promise<ExplainResult> {
    return explain(this.calendarQuery(scope, since, limit));
  }

  explainList(c: AppointmentListCriteria, skip: number, limit: number): Promise<ExplainResult> {
    return explain(this.listQuery(c, skip, limit));
  }

  // ---- Transitions ----

  /**
   * Applies a status change only if the appointment is in the caller's scope, in one of `from`,
   * and meets `when`: one conditional write, so of two racing actions at most one applies.
   * Returns the updated appointment, or null when nothing matched.
   */
  async transitionIf(
    id: string,
    scope: AppointmentScope,
    from: AppointmentStatus[],
    change: TransitionChange,
    when: TransitionConditions = {},
    session?: ClientSession,
  ): Promise<AppointmentRecord | null> {
    const filter: Filter = {
      _id: oid(id),
      ...scopeFilter(scope),
      status: from.length === 1 ? from[0] : trusted({ $in: from }),
    };
    const startsAt: Record<string, Date> = {};
    if (when.startedBy) {
      startsAt.$lte = when.startedBy;
    }
    if (when.startsAt) {
      startsAt.$eq = when.startsAt;
    }
    if (Object.keys(startsAt).length) {
      filter.startsAt = trusted(startsAt);
    }
    if (when.endedBy) {
      filter.endsAt = trusted({ $lte: when.endedBy });
    }
    if (when.holdExpiredBy) {
      filter.holdExpiresAt = trusted({ $lte: when.holdExpiredBy });
    }
    if (when.paymentStates) {
      filter.paymentState = trusted({ $in: when.paymentStates });
    }
    if (when.paidAmount !== undefined) {
      filter.paidAmount = when.paidAmount;
    }
    const set: Filter = { status: change.to };
    if (change.cancellation) {
      set.cancellation = change.cancellation;
    }
    if (change.to !== AppointmentStatus.Pending) {
      set.holdExpiresAt = null;
    }
    const updated = await this.model
      .findOneAndUpdate(
        filter,
        {
          $set: set,
          ...(change.deactivate ? { $unset: { active: 1 } } : {}),
          $push: { history: change.history },
        },
        { returnDocument: 'after', session: session ?? null },
      )
      .lean<AppointmentRecord>()
      .exec();
    return updated;
  }

  /**
   * Moves an active appointment to a new start in one write. The unique index checks the new
   * {doctorId, startsAt} during this very update, so the new slot is claimed and the old one
   * released atomically; on E11000 nothing changed.
   */
  async moveActive(
    id: string,
    patientId: string,
    expectedStartsAt: Date,
    startsAt: Date,
    endsAt: Date,
    session: ClientSession,
  ): Promise<AppointmentRecord | null> {
    const moved = await this.model
      .findOneAndUpdate(
        { _id: oid(id), patientId: oid(patientId), active: true, startsAt: expectedStartsAt },
        {
          $set: { startsAt, endsAt, reminderSentAt: null },
          $push: { rescheduledFrom: expectedStartsAt },
        },
        { returnDocument: 'after', session },
      )
      .lean<AppointmentRecord>()
      .exec();
    return moved;
  }

  /** Records an online payment of a pending unpaid booking; it then no longer lapses. */
  markPaid(id: string, amount: number): Promise<AppointmentRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: oid(id), status: AppointmentStatus.Pending, paymentState: 'unpaid' },
        { $set: { paymentState: 'paid', paidAmount: amount, holdExpiresAt: null } },
        { returnDocument: 'after' },
      )
      .lean<AppointmentRecord>()
      .exec();
  }

  /**
   * The patient of a live unpaid hold chose to pay at the clinic: it becomes a confirmed
   * booking paid at the clinic, like a booking in clinic mode. Null when not awaiting payment.
   */
  markPayAtClinic(
    id: string,
    patientId: string,
    now: Date,
    history: StatusChange,
    session: ClientSession,
  ): Promise<AppointmentRecord | null> {
    return this.model
      .findOneAndUpdate(
        {
          _id: oid(id),
          patientId: oid(patientId),
          status: AppointmentStatus.Pending,
          paymentState: 'unpaid',
          holdExpiresAt: trusted({ $gt: now }),
        },
        {
          $set: {
            status: AppointmentStatus.Confirmed,
            paymentState: 'pay_at_clinic',
            holdExpiresAt: null,
          },
          $push: { history },
        },
        { returnDocument: 'after', session },
      )
      .lean<AppointmentRecord>()
      .exec();
  }

  /**
   * A pending unpaid booking that the provider says is paid becomes confirmed and paid in one
   * conditional write; null when it is no longer awaiting payment (e.g. the hold was released).
   */
  markPaidAndConfirm(
    id: string,
    amount: number,
    history: StatusChange,
    session: ClientSession,
  ): Promise<AppointmentRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: oid(id), status: AppointmentStatus.Pending, paymentState: 'unpaid' },
        {
          $set: {
            status: AppointmentStatus.Confirmed,
            paymentState: 'paid',
            paidAmount: amount,
            holdExpiresAt: null,
          },
          $push: { history },
        },
        { returnDocument: 'after', session },
      )
      .lean<AppointmentRecord>()
      .exec();
  }

  /** A clinic booking's payment was received: records the amount once. */
  async markClinicPaid(id: string, amount: number, session: ClientSession): Promise<boolean> {
    const res = await this.model
      .updateOne(
        { _id: oid(id), paymentState: 'pay_at_clinic', paidAmount: trusted({ $not: { $gt: 0 } }) },
        { $set: { paidAmount: amount } },
        { session },
      )
      .exec();
    return res.modifiedCount === 1;
  }

  /** Updates the payment state after a refund was executed (by the payments module). */
  setPaymentState(
    id: string,
    paymentState: PaymentState,
    options: { refundedAmount?: number; session?: ClientSession } = {},
  ): Promise<AppointmentRecord | null> {
    const set: Filter = { paymentState };
    if (options.refundedAmount !== undefined) {
      set.refundedAmount = options.refundedAmount;
    }
    return this.model
      .findOneAndUpdate(
        { _id: oid(id) },
        { $set: set },
        { returnDocument: 'after', session: options.session ?? null },
      )
      .lean<AppointmentRecord>()
      .exec();
  }

  // ---- Jobs ----

  private expiredHoldsQuery(now: Date, limit: number) {
    // status: 'pending' makes the query imply the partial filter of `pending_hold_expiry`.
    return this.model
      .find({
        status: AppointmentStatus.Pending,
        holdExpiresAt: trusted({ $lte: now }),
        paymentState: 'unpaid',
      })
      .sort({ holdExpiresAt: 1 })
      .limit(limit)
      .hint('pending_hold_expiry');
  }

  /** Unpaid pending holds that lapsed by `now`, oldest first. */
  findExpiredHolds(now: Date, limit: number): Promise<AppointmentRecord[]> {
    return this.expiredHoldsQuery(now, limit).lean<AppointmentRecord[]>().exec();
  }

  explainExpiredHolds(now: Date, limit: number): Promise<ExplainResult> {
    return explain(this.expiredHoldsQuery(now, limit));
  }

  /** Active appointments of a user, as patient or as doctor, starting after `after`. */
  findActiveUpcomingOf(userId: string, after: Date, limit: number): Promise<AppointmentRecord[]> {
    const upcoming = { active: true, startsAt: trusted({ $gt: after }) };
    const filter: Filter = {
      $or: [
        { patientId: oid(userId), ...upcoming },
        { doctorId: oid(userId), ...upcoming },
      ],
    };
    return this.model.find(filter).limit(limit).lean<AppointmentRecord[]>().exec();
  }

  /** Confirmed appointments that ended by `endedBy`, earliest first. */
  findEndedConfirmed(endedBy: Date, limit: number): Promise<AppointmentRecord[]> {
    return this.model
      .find({
        status: AppointmentStatus.Confirmed,
        // startsAt < endsAt, so this bound is implied; it lets {status, startsAt} bound the scan.
        startsAt: trusted({ $lte: endedBy }),
        endsAt: trusted({ $lte: endedBy }),
      })
      .sort({ startsAt: 1 })
      .limit(limit)
      .lean<AppointmentRecord[]>()
      .exec();
  }

  /** Confirmed appointments starting in (after, until] whose reminder was not sent yet. */
  findReminderDue(after: Date, until: Date, limit: number): Promise<AppointmentRecord[]> {
    return this.model
      .find({
        status: AppointmentStatus.Confirmed,
        startsAt: trusted({ $gt: after, $lte: until }),
        reminderSentAt: null,
      })
      .sort({ startsAt: 1 })
      .limit(limit)
      .lean<AppointmentRecord[]>()
      .exec();
  }

  /** Marks the reminder as sent if nobody did yet: of concurrent runners exactly one wins. */
  claimReminder(
    id: string,
    after: Date,
    until: Date,
    at: Date,
    session: ClientSession,
  ): Promise<AppointmentRecord | null> {
    return this.model
      .findOneAndUpdate(
        {
          _id: oid(id),
          status: AppointmentStatus.Confirmed,
          startsAt: trusted({ $gt: after, $lte: until }),
          reminderSentAt: null,
        },
        { $set: { reminderSentAt: at } },
        { returnDocument: 'after', session },
      )
      .lean<AppointmentRecord>()
      .exec();
  }

  // ---- Purge ----

  async deidentifyPatient(patientId: string, snapshot: PatientSnapshot): Promise<number> {
    const res = await this.model
      .updateMany({ patientId: oid(patientId) }, { $set: { patient: snapshot } })
      .exec();
    return res.modifiedCount;
  }

  async deidentifyDoctor(
    doctorId: string,
    fields: Pick<DoctorSnapshot, 'name' | 'imageUrl'>,
  ): Promise<number> {
    const res = await this.model
      .updateMany(
        { doctorId: oid(doctorId) },
        { $set: { 'doctor.name': fields.name, 'doctor.imageUrl': fields.imageUrl } },
      )
      .exec();
    return res.modifiedCount;
  }

  /** Every appointment of a patient, newest first (the data export; `patient_starts`). */
  listAllOfPatient(patientId: string): Promise<AppointmentRecord[]> {
    return this.model
      .find({ patientId: oid(patientId) })
      .sort({ startsAt: -1 })
      .lean<AppointmentRecord[]>()
      .exec();
  }

  /** Every appointment with a doctor, newest first (the data export; `doctor_starts`). */
  listAllOfDoctor(doctorId: string): Promise<AppointmentRecord[]> {
    return this.model
      .find({ doctorId: oid(doctorId) })
      .sort({ startsAt: -1 })
      .lean<AppointmentRecord[]>()
      .exec();
  }
}

async function explain<R, D>(query: QueryWithHelpers<R, D>): Promise<ExplainResult> {
  const out: unknown = await query.explain('queryPlanner').exec();
  return (Array.isArray(out) ? out[0] : out) as ExplainResult;
}
