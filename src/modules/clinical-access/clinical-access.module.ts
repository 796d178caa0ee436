import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BreakGlassService } from './break-glass.service';
import { ClinicalAccessPersonalDataSection } from './clinical-access-personal-data.section';
import { ClinicalAuditRepository } from './clinical-audit.repository';
import { ClinicalAuditService } from './clinical-audit.service';
import {
  ClinicalAuditEntry,
  ClinicalAuditEntrySchema,
} from './schemas/clinical-audit-entry.schema';

/** Who may see clinical data beyond the care relationship (break-glass) and the audit of every access. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ClinicalAuditEntry.name, schema: ClinicalAuditEntrySchema },
    ]),
  ],
  providers: [
    ClinicalAuditRepository,
    ClinicalAuditService,
    BreakGlassService,
    ClinicalAccessPersonalDataSection,
  ],
  exports: [ClinicalAuditService, BreakGlassService],
})
export class ClinicalAccessModule {}
