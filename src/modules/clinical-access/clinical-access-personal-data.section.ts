import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { ClinicalAuditRepository } from './clinical-audit.repository';

/**
 * Who accessed the user's medical record (GDPR Art. 15(1)(c), HIPAA accounting of
 * disclosures): when, who (user id and role), what, why and with what outcome, including the
 * export itself. Not the accessor's IP or request id: those are the accessor's data.
 */
@PersonalDataExporter()
@Injectable()
export class ClinicalAccessPersonalDataSection implements PersonalDataSection {
  readonly name = 'clinicalAccessLog';
  readonly collections = ['clinical_audit_log'] as const;

  constructor(private readonly audit: ClinicalAuditRepository) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const entries = await this.audit.listAboutPatient(userId);
    return entries.map((e) => ({
      at: e.at,
      actorId: e.actorId ? String(e.actorId) : null,
      actorRole: e.actorRole,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      action: e.action,
      purpose: e.purpose,
      outcome: e.outcome,
      breakGlass: e.breakGlassGrantId !== null && e.breakGlassGrantId !== undefined,
    }));
  }
}
