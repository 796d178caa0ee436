import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, type ClientSession } from 'mongoose';
import { ApplicationStatus, DoctorApplication } from './schemas/doctor-application.schema';
import type { ProfileFields } from './schemas/doctor-profile-fields.schema';

export type DoctorApplicationRecord = DoctorApplication;

export type NewDoctorApplication = ProfileFields & { userId: Types.ObjectId };

/** The only code that touches the doctor_applications collection. */
@Injectable()
export class DoctorApplicationsRepository {
  constructor(
    @InjectModel(DoctorApplication.name) private readonly model: Model<DoctorApplication>,
  ) {}

  async create(
    application: NewDoctorApplication,
    session: ClientSession,
  ): Promise<DoctorApplicationRecord> {
    const [doc] = await this.model.create([{ ...application, status: ApplicationStatus.Pending }], {
      session,
    });
    return doc.toObject();
  }

  findById(id: string, session?: ClientSession): Promise<DoctorApplicationRecord | null> {
    return this.model.findById(id, null, { session }).lean<DoctorApplicationRecord>().exec();
  }

  findByUser(userId: string): Promise<DoctorApplicationRecord[]> {
    return this.model
      .find({ userId: new Types.ObjectId(userId) })
      .sort({ createdAt: -1, _id: -1 })
      .limit(100)
      .lean<DoctorApplicationRecord[]>()
      .exec();
  }

  async list(
    status: ApplicationStatus | undefined,
    skip: number,
    limit: number,
  ): Promise<{ items: DoctorApplicationRecord[]; total: number }> {
    const filter = status ? { status } : {};
    const [items, total] = await Promise.all([
      this.model
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip(skip)
        .limit(limit)
        .lean<DoctorApplicationRecord[]>()
        .exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { items, total };
  }

  /**
   * Moves a pending application to a decision. Conditional on `pending`, so of two admins
   * deciding at once exactly one wins; null means it was not pending (or does not exist).
   */
  decide(
    id: string,
    decision: {
      status: ApplicationStatus.Approved | ApplicationStatus.Rejected;
      decidedBy: string;
      rejectionReason?: string;
    },
    session?: ClientSession,
  ): Promise<DoctorApplicationRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), status: ApplicationStatus.Pending },
        {
          $set: {
            status: decision.status,
            decidedBy: new Types.ObjectId(decision.decidedBy),
            decidedAt: new Date(),
            rejectionReason: decision.rejectionReason ?? null,
          },
        },
        { returnDocument: 'after', session },
      )
      .lean<DoctorApplicationRecord>()
      .exec();
  }
}
