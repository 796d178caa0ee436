import { Injectable } from '@nestjs/common';
import { Role } from '../../common/auth/role.enum';
import type { Page } from '../../common/dto/pagination.dto';
import { UsersService } from '../users/users.service';
import { toRecordAccessResponse } from './clinical-access.mapper';
import type { AccessRequestContext } from './clinical-access.types';
import type { AuditEntryRecord } from './clinical-audit.repository';
import { ClinicalAuditService } from './clinical-audit.service';
import type { RecordAccessDto } from './dto/audit.dto';

/** A patient's view of the audit: who accessed their record, when, why, and with what outcome. */
@Injectable()
export class RecordAccessService {
  constructor(
    private readonly audit: ClinicalAuditService,
    private readonly users: UsersService,
  ) {}

  /** Newest first; reading it is itself recorded (resource `record_access`). */
  async forPatient(
    patientId: string,
    page: { page: number; limit: number },
    request: AccessRequestContext,
  ): Promise<Page<RecordAccessDto>> {
    await this.audit.record({
      actor: { userId: patientId, role: Role.Patient },
      patientId,
      resource: { type: 'record_access', id: null },
      action: 'list',
      purpose: 'self',
      outcome: 'allowed',
      request,
    });
    const found = await this.audit.forPatient(patientId, page);
    return { ...found, items: await this.describe(found.items, patientId) };
  }

  /**
   * The whole history, newest first, in the same shape (for GET /me/export, which records the
   * export itself). Not recorded here.
   */
  async history(patientId: string): Promise<RecordAccessDto[]> {
    const entries: AuditEntryRecord[] = [];
    for await (const e of this.audit.allForPatient(patientId)) {
      entries.push(e);
    }
    return this.describe(entries, patientId);
  }

  private async describe(
    entries: AuditEntryRecord[],
    patientId: string,
  ): Promise<RecordAccessDto[]> {
    const named = new Set<string>();
    for (const e of entries) {
      const id = e.actorId?.toHexString();
      if (id && (e.actorRole === 'doctor' || id === patientId)) {
        named.add(id);
      }
    }
    const accounts = await this.users.findByIds([...named]);
    const names = new Map(accounts.map((u) => [u._id.toHexString(), u.name]));
    return entries.map((e) => toRecordAccessResponse(e, patientId, names));
  }
}
