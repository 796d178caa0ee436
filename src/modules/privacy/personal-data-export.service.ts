import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { AuthUser } from '../../common/auth/auth-user';
import {
  PersonalDataExporter,
  type PersonalDataSection,
} from '../../common/privacy/personal-data-section';
import type { AccessRequestContext } from '../clinical-access/clinical-access.types';
import { ClinicalAuditService } from '../clinical-access/clinical-audit.service';
import { assembleExport, duplicateNames, type ExportDocument } from './domain/export-document';

/**
 * Assembles a user's data export from every PersonalDataSection in the app. The sections are
 * found once, at start-up, among all modules' providers (`@PersonalDataExporter()`), so this
 * module imports none of the modules whose data it exports.
 */
@Injectable()
export class PersonalDataExportService implements OnModuleInit {
  private readonly logger = new Logger(PersonalDataExportService.name);
  private sections: PersonalDataSection[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly audit: ClinicalAuditService,
  ) {}

  onModuleInit(): void {
    const found = this.discovery
      .getProviders({ metadataKey: PersonalDataExporter.KEY })
      .map((wrapper) => asSection(String(wrapper.name), wrapper.instance));
    const dupes = duplicateNames(found.map((s) => s.name));
    if (dupes.length) {
      throw new Error(`Personal data sections with the same name: ${dupes.join(', ')}`);
    }
    this.sections = found;
  }

  /** The registered sections (name and collections), for the completeness test and the docs. */
  registered(): readonly Pick<PersonalDataSection, 'name' | 'collections'>[] {
    return this.sections.map(({ name, collections }) => ({ name, collections }));
  }

  /**
   * Everything the platform holds about the caller. The export contains their medical records,
   * so it is recorded in the clinical access audit first: if the audit cannot be written, there
   * is no export. A failing section fails the whole export (never a partial file).
   */
  async exportFor(caller: AuthUser, request: AccessRequestContext): Promise<ExportDocument> {
    const generatedAt = new Date();
    await this.audit.record({
      actor: { userId: caller.id, role: caller.role },
      patientId: caller.id,
      resource: { type: 'export', id: null },
      action: 'export',
      purpose: 'self',
      outcome: 'allowed',
      request,
    });
    const subject = { userId: caller.id, role: caller.role };
    const parts = await Promise.all(
      this.sections.map(async (section) => {
        try {
          return { name: section.name, data: await section.exportFor(subject) };
        } catch (err) {
          this.logger.error(`Export section "${section.name}" failed`);
          throw err;
        }
      }),
    );
    return assembleExport(subject, generatedAt, parts);
  }
}

/** A decorated provider that is not a section is a programming error: fail at start-up. */
function asSection(provider: string, value: unknown): PersonalDataSection {
  const s = value as Partial<PersonalDataSection> | null | undefined;
  if (
    typeof s?.name !== 'string' ||
    !s.name ||
    !Array.isArray(s.collections) ||
    typeof s.exportFor !== 'function'
  ) {
    throw new Error(
      `${provider} is marked @PersonalDataExporter() but is not a PersonalDataSection`,
    );
  }
  return s as PersonalDataSection;
}
