import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { AdminAuditController } from './admin-audit.controller';
import { BreakGlassRepository } from './break-glass.repository';
import { BreakGlassService } from './break-glass.service';
import { ClinicalAccessPersonalDataSection } from './clinical-access-personal-data.section';
import { ClinicalAuditRepository } from './clinical-audit.repository';
import { ClinicalAuditService } from './clinical-audit.service';
import { ClinicalDenialsRecorder } from './clinical-denials.recorder';
import { RecordAccessController } from './record-access.controller';
import { RecordAccessService } from './record-access.service';
import { AuditChainHead, AuditChainHeadSchema } from './schemas/audit-chain-head.schema';
import { BreakGlassGrant, BreakGlassGrantSchema } from './schemas/break-glass-grant.schema';
import {
  ClinicalAuditEntry,
  ClinicalAuditEntrySchema,
} from './schemas/clinical-audit-entry.schema';

/**
 * Who may see clinical data beyond the care relationship (break-glass) and the audit of every
 * access: a hash-chained, append-only log the records module writes through
 * ClinicalAuditService, and that records the auth guards' refusals of `@ClinicalRoute` routes
 * (through auth's GuardDenials port).
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ClinicalAuditEntry.name, schema: ClinicalAuditEntrySchema },
      { name: AuditChainHead.name, schema: AuditChainHeadSchema },
      { name: BreakGlassGrant.name, schema: BreakGlassGrantSchema },
    ]),
    UsersModule,
    AuthModule,
  ],
  controllers: [RecordAccessController, AdminAuditController],
  providers: [
    ClinicalAuditRepository,
    ClinicalAuditService,
    BreakGlassRepository,
    BreakGlassService,
    RecordAccessService,
    ClinicalDenialsRecorder,
    ClinicalAccessPersonalDataSection,
  ],
  // RecordAccessService.history for the data export (GET /me/export).
  exports: [ClinicalAuditService, BreakGlassService, RecordAccessService],
})
export class ClinicalAccessModule implements OnApplicationBootstrap {
  constructor(private readonly audit: ClinicalAuditService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.audit.ensureChain();
  }
}
