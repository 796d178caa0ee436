import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ClinicalAccessModule } from '../clinical-access/clinical-access.module';
import { PersonalDataExportService } from './personal-data-export.service';
import { PrivacyController } from './privacy.controller';

/**
 * The user's data export (GDPR Art. 15/20). Owns nothing: it collects every module's
 * PersonalDataSection (common/privacy/personal-data-section.ts) through Nest's discovery, so
 * each module exports its own collections from its own repository.
 */
@Module({
  imports: [DiscoveryModule, ClinicalAccessModule],
  controllers: [PrivacyController],
  providers: [PersonalDataExportService],
  exports: [PersonalDataExportService],
})
export class PrivacyModule {}
