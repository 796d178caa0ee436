import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types, type ClientSession } from 'mongoose';
import { isDuplicateKey } from '../../database/duplicate-key';
import { MAX_WAITING_ENTRIES, WaitlistEntry } from './schemas/waitlist-entry.schema';
import { WaitlistOffer } from './schemas/waitlist-offer.schema';

export type WaitlistEntryRecord = WaitlistEntry & { _id: Types.ObjectId };

const oid = (id: string): Types.ObjectId => new Types.ObjectId(id);

/** Most entries listed by `GET /waitlist/me` (waiting ones are at most 3; the rest is history). */
const MY_ENTRIES_LIMIT = 50;

@Injectable()
export class WaitlistRepository {
  constructor(
    @InjectModel(WaitlistEntry.name) private readonly entries: Model<WaitlistEntry>,
    @InjectModel(WaitlistOffer.name) private readonly offers: Model<WaitlistOffer>,
  ) {}

  /**
   * Inserts a waiting entry in the first free slot number 0..MAX-1; null when all are taken.
   * The partial unique index decides, so concurrent joins cannot exceed the limit.
   */
  async insertWaiting(
    input: Omit<WaitlistEntry, 'slot' | 'status' | 'offer'>,
  ): Promise<WaitlistEntryRecord | null> {
    for (let slot = 0; slot < MAX_WAITING_ENTRIES; slot++) {
      try {
        const doc = await this.entries.create({ ...input, status: 'waiting', slot, offer: null });
        return doc.toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) {
          throw err;
        }
      }
    }
    return null;
  }

  listOfPatient(patientId: string): Promise<WaitlistEntryRecord[]> {
    return this.entries
      .find({ patientId: oid(patientId) })
      .sort({ joinedAt: -1 })
      .limit(MY_ENTRIES_LIMIT)
      .lean<WaitlistEntryRecord[]>()
      .exec();
  }

  /** Marks the patient's waiting or offered entry left; null when there is none. */
  leave(patientId: string, id: string): Promise<WaitlistEntryRecord | null> {
    return this.entries
      .findOneAndUpdate(
        {
          _id: oid(id),
          patientId: oid(patientId),
          status: trusted({ $in: ['waiting', 'offered'] }),
        },
        { $set: { status: 'left', slot: null } },
        { returnDocument: 'after' },
      )
      .lean<WaitlistEntryRecord>()
      .exec();
  }

  /** Waiting entries of the doctor whose last date is `today` or later. */
  countWaiting(doctorId: string, today: string): Promise<number> {
    return this.entries
      .countDocuments({ doctorId: oid(doctorId), status: 'waiting', to: trusted({ $gte: today }) })
      .exec();
  }

  /** The patient's waiting entries whose last date is before `before` become `expired`. */
  async expireEnded(patientId: string, before: string): Promise<void> {
    await this.entries
      .updateMany(
        { patientId: oid(patientId), status: 'waiting', to: trusted({ $lt: before }) },
        { $set: { status: 'expired', slot: null } },
      )
      .exec();
  }

  /** The doctor's waiting entries covering `date`, first in line first (at most `limit`). */
  waitingForQuery(doctorId: string, date: string, limit: number) {
    return this.entries
      .find({
        doctorId: oid(doctorId),
        status: 'waiting',
        from: trusted({ $lte: date }),
        to: trusted({ $gte: date }),
      })
      .sort({ joinedAt: 1 })
      .limit(limit);
  }

  waitingFor(
    doctorId: string,
    date: string,
    limit: number,
    session: ClientSession,
  ): Promise<WaitlistEntryRecord[]> {
    return this.waitingForQuery(doctorId, date, limit)
      .session(session)
      .lean<WaitlistEntryRecord[]>()
      .exec();
  }

  /** Waiting -> offered; false when the entry changed (left) meanwhile. */
  async markOffered(
    id: Types.ObjectId,
    offer: { appointmentId: string; startsAt: Date; holdExpiresAt: Date },
    session: ClientSession,
  ): Promise<boolean> {
    const res = await this.entries
      .updateOne(
        { _id: id, status: 'waiting' },
        {
          $set: {
            status: 'offered',
            slot: null,
            offer: { ...offer, appointmentId: oid(offer.appointmentId) },
          },
        },
        { session },
      )
      .exec();
    return res.modifiedCount === 1;
  }

  async offerExists(key: string, session: ClientSession): Promise<boolean> {
    return (await this.offers.exists({ key }).session(session).exec()) !== null;
  }

  async recordOffer(
    key: string,
    offer: { appointmentId: string; entryId: Types.ObjectId; patientId: Types.ObjectId } | null,
    session: ClientSession,
  ): Promise<void> {
    await this.offers.create(
      [
        {
          key,
          appointmentId: offer ? oid(offer.appointmentId) : null,
          entryId: offer?.entryId ?? null,
          patientId: offer?.patientId ?? null,
        },
      ],
      { session },
    );
  }

  findOfferOf(appointmentId: string) {
    return this.offers
      .findOne({ appointmentId: oid(appointmentId) })
      .lean<WaitlistOffer & { _id: Types.ObjectId }>()
      .exec();
  }

  // ---- The data export ----

  /** Every entry of a patient, newest first (no limit, unlike `GET /waitlist/me`). */
  listAllOfPatient(patientId: string): Promise<WaitlistEntryRecord[]> {
    return this.entries
      .find({ patientId: oid(patientId) })
      .sort({ joinedAt: -1 })
      .lean<WaitlistEntryRecord[]>()
      .exec();
  }

  /** Every offer made to a patient, newest first (`patient_created`). */
  listOffersOf(patientId: string) {
    return this.offers
      .find({ patientId: oid(patientId) })
      .sort({ createdAt: -1 })
      .lean<(WaitlistOffer & { _id: Types.ObjectId; createdAt: Date })[]>()
      .exec();
  }
}
