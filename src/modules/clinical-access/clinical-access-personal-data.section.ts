import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { BreakGlassRepository } from './break-glass.repository';
import { RecordAccessService } from './record-access.service';

/**
 * Who accessed the user's medical record (GDPR Art. 15(1)(c), HIPAA accounting of
 * disclosures), in the shape of GET /me/record-access, including the export itself; and the
 * break-glass grants opened on it, with the reason the admin gave. Not the accessors' IPs or
 * request ids: those are the accessors' data.
 */
@PersonalDataExporter()
@Injectable()
export class ClinicalAccessPersonalDataSection implements PersonalDataSection {
  readonly name = 'clinicalAccessLog';
  readonly collections = ['clinical_audit_log', 'break_glass_grants'] as const;

  constructor(
    private readonly recordAccess: RecordAccessService,
    private readonly grants: BreakGlassRepository,
  ) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const [accesses, grants] = await Promise.all([
      this.recordAccess.history(userId),
      this.grants.listAboutPatient(userId),
    ]);
    return {
      accesses,
      breakGlassGrants: grants.map((g) => ({
        id: g._id.toHexString(),
        grantedAt: g.grantedAt,
        expiresAt: g.expiresAt,
        reason: g.reason,
      })),
    };
  }
}
