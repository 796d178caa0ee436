import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import type { ClinicalAccessEntry } from './clinical-access.types';
import { ClinicalAuditRepository } from './clinical-audit.repository';

/**
 * Appends to the clinical access audit. Callers record every read, write and denied attempt on
 * clinical data: a write in the same transaction as the write (pass its session), a read before
 * the data is returned (if the audit cannot be written, the read fails).
 */
@Injectable()
export class ClinicalAuditService {
  constructor(private readonly repo: ClinicalAuditRepository) {}

  record(entry: ClinicalAccessEntry, session?: ClientSession): Promise<void> {
    return this.repo.append(entry, session);
  }
}
