import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, type ClientSession } from 'mongoose';
import { Follow } from './schemas/follow.schema';

export type FollowRecord = Follow;

/** The only code that touches the follows collection. */
@Injectable()
export class FollowsRepository {
  constructor(@InjectModel(Follow.name) private readonly model: Model<Follow>) {}

  /**
   * Creates the follow if absent. True only when this call inserted it. A concurrent upsert of
   * the same pair fails on the unique index (E11000), which aborts the caller's transaction.
   */
  async insertIfAbsent(
    patientId: string,
    doctorId: string,
    session: ClientSession,
  ): Promise<boolean> {
    const pair = {
      patientId: new Types.ObjectId(patientId),
      doctorId: new Types.ObjectId(doctorId),
    };
    const res = await this.model
      .updateOne(pair, { $setOnInsert: pair }, { upsert: true, session })
      .exec();
    return res.upsertedCount === 1;
  }

  /** True only when this call removed the follow. */
  async deleteIfPresent(
    patientId: string,
    doctorId: string,
    session: ClientSession,
  ): Promise<boolean> {
    const res = await this.model
      .deleteOne(
        {
          patientId: new Types.ObjectId(patientId),
          doctorId: new Types.ObjectId(doctorId),
        },
        { session },
      )
      .exec();
    return res.deletedCount === 1;
  }

  /** The existence check as it runs (exposed so a test can explain() it). */
  existsQuery(patientId: string, doctorId: string) {
    return this.model
      .findOne(
        { patientId: new Types.ObjectId(patientId), doctorId: new Types.ObjectId(doctorId) },
        { _id: 1 },
      )
      .lean();
  }

  async exists(patientId: string, doctorId: string): Promise<boolean> {
    return (await this.existsQuery(patientId, doctorId).exec()) !== null;
  }

  /** A page of a patient's follows, newest first (exposed so a test can explain() it). */
  listByPatientQuery(patientId: string, skip: number, limit: number) {
    return this.model
      .find({ patientId: new Types.ObjectId(patientId) })
      .sort({ createdAt: -1, _id: -1 })
      .skip(skip)
      .limit(limit)
      .lean<FollowRecord[]>();
  }

  countByPatientQuery(patientId: string) {
    return this.model.countDocuments({ patientId: new Types.ObjectId(patientId) });
  }

  async listByPatient(
    patientId: string,
    skip: number,
    limit: number,
  ): Promise<{ items: FollowRecord[]; total: number }> {
    const [items, total] = await Promise.all([
      this.listByPatientQuery(patientId, skip, limit).exec(),
      this.countByPatientQuery(patientId).exec(),
    ]);
    return { items, total };
  }

  /** Every doctor a patient follows (for erasing a purged patient's follows). */
  async doctorIdsOfPatient(patientId: string): Promise<string[]> {
    const rows = await this.model
      .find({ patientId: new Types.ObjectId(patientId) }, { doctorId: 1 })
      .lean<Pick<FollowRecord, 'doctorId'>[]>()
      .exec();
    return rows.map((r) => r.doctorId.toHexString());
  }

  /** Every follow of a patient, newest first (the data export). */
  listAllByPatient(patientId: string): Promise<FollowRecord[]> {
    return this.listByPatientQuery(patientId, 0, 0).exec();
  }
}
