import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ClientSession, Model, Types } from 'mongoose';
import type { ClinicalAccessEntry } from './clinical-access.types';
import { ClinicalAuditEntry } from './schemas/clinical-audit-entry.schema';

const oid = (id: string | null | undefined) => (id ? new Types.ObjectId(id) : null);

/** The only code that touches the clinical_audit_log collection. */
@Injectable()
export class ClinicalAuditRepository {
  constructor(
    @InjectModel(ClinicalAuditEntry.name) private readonly model: Model<ClinicalAuditEntry>,
  ) {}

  async append(entry: ClinicalAccessEntry, session?: ClientSession): Promise<void> {
    await this.model.create(
      [
        {
          actorId: oid(entry.actor.userId),
          actorRole: entry.actor.role,
          patientId: oid(entry.patientId),
          resourceType: entry.resource.type,
          resourceId: entry.resource.id,
          action: entry.action,
          purpose: entry.purpose,
          outcome: entry.outcome,
          requestId: entry.request.requestId,
          ip: entry.request.ip,
          breakGlassGrantId: oid(entry.breakGlassGrantId),
        },
      ],
      { session },
    );
  }

  /** Every entry about a patient's record, newest first (`patient_at`), for the data export. */
  listAboutPatient(patientId: string): Promise<ClinicalAuditEntry[]> {
    return this.model
      .find({ patientId: new Types.ObjectId(patientId) })
      .sort({ at: -1 })
      .lean<ClinicalAuditEntry[]>()
      .exec();
  }
}
