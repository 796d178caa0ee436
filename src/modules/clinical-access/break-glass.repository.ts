import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { trusted, type ClientSession, type Model, Types } from 'mongoose';
import { BreakGlassGrant } from './schemas/break-glass-grant.schema';

export type BreakGlassGrantRecord = BreakGlassGrant;

/** The only code that touches the break_glass_grants collection. */
@Injectable()
export class BreakGlassRepository {
  constructor(@InjectModel(BreakGlassGrant.name) private readonly model: Model<BreakGlassGrant>) {}

  async insert(
    grant: { adminId: string; patientId: string; reason: string; grantedAt: Date; expiresAt: Date },
    session: ClientSession,
  ): Promise<BreakGlassGrantRecord> {
    const [doc] = await this.model.create(
      [
        {
          ...grant,
          adminId: new Types.ObjectId(grant.adminId),
          patientId: new Types.ObjectId(grant.patientId),
        },
      ],
      { session },
    );
    return doc.toObject<BreakGlassGrantRecord>();
  }

  /** Exposed for the explain tests. */
  activeQuery(adminId: string, patientId: string, now: Date) {
    return this.model
      .findOne({
        adminId: new Types.ObjectId(adminId),
        patientId: new Types.ObjectId(patientId),
        expiresAt: trusted({ $gt: now }),
      })
      .sort({ expiresAt: -1 })
      .lean<BreakGlassGrantRecord>();
  }

  /** Exposed for the explain tests. */
  activeOfAdminQuery(adminId: string, now: Date, limit: number) {
    return this.model
      .find({ adminId: new Types.ObjectId(adminId), expiresAt: trusted({ $gt: now }) })
      .sort({ expiresAt: -1 })
      .limit(limit)
      .lean<BreakGlassGrantRecord[]>();
  }

  /** Every grant opened on the patient's record, newest first (on patient_granted). */
  listAboutPatient(patientId: string): Promise<BreakGlassGrant[]> {
    return this.model
      .find({ patientId: new Types.ObjectId(patientId) })
      .sort({ grantedAt: -1 })
      .lean<BreakGlassGrant[]>()
      .exec();
  }
}
