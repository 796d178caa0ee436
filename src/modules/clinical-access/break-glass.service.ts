import { Injectable } from '@nestjs/common';
import { Role } from '../../common/auth/role.enum';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { OutboxService } from '../outbox/outbox.service';
import { AccountStatus } from '../users/domain/account-status';
import { UsersService } from '../users/users.service';
import { BreakGlassRepository, type BreakGlassGrantRecord } from './break-glass.repository';
import { clinicalAccessError, ClinicalAccessErrorCode } from './clinical-access.errors';
import type { AccessRequestContext } from './clinical-access.types';
import { ClinicalAuditService } from './clinical-audit.service';

export interface ActiveBreakGlassGrant {
  id: string;
  adminId: string;
  patientId: string;
  expiresAt: Date;
}

/** A grant as its admin sees it. */
export interface BreakGlassGrantView extends ActiveBreakGlassGrant {
  reason: string;
  grantedAt: Date;
}

const MINUTE_MS = 60_000;
const MAX_LISTED = 100;

const toView = (g: BreakGlassGrantRecord): BreakGlassGrantView => ({
  id: g._id.toHexString(),
  adminId: g.adminId.toHexString(),
  patientId: g.patientId.toHexString(),
  reason: g.reason,
  grantedAt: g.grantedAt,
  expiresAt: g.expiresAt,
});

/**
 * Time-boxed emergency read access for an admin to one patient's record. Admins have no
 * clinical access otherwise; a grant states a reason, lasts BREAK_GLASS_MINUTES, is audited
 * (resource `break_glass`, action `grant`) and announced to the patient, all in one transaction.
 */
@Injectable()
export class BreakGlassService {
  constructor(
    private readonly repo: BreakGlassRepository,
    private readonly audit: ClinicalAuditService,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
  ) {}

  async grant(
    adminId: string,
    input: { patientId: string; reason: string },
    request: AccessRequestContext,
  ): Promise<BreakGlassGrantView> {
    const patient = await this.users.findById(input.patientId);
    if (!patient || patient.role !== Role.Patient || patient.status === AccountStatus.Deleted) {
      throw clinicalAccessError(ClinicalAccessErrorCode.PatientNotFound, 'Patient not found');
    }
    return this.tx.run(
      async (session) => {
        const grantedAt = new Date();
        const expiresAt = new Date(
          grantedAt.getTime() + this.config.BREAK_GLASS_MINUTES * MINUTE_MS,
        );
        const grant = toView(
          await this.repo.insert(
            { adminId, patientId: input.patientId, reason: input.reason, grantedAt, expiresAt },
            session,
          ),
        );
        await this.outbox.publish(session, 'clinical.break_glass_granted', {
          grantId: grant.id,
          adminId,
          patientId: grant.patientId,
          reason: grant.reason,
          grantedAt,
          expiresAt,
        });
        // Last, so the chain's head is locked only for the end of the transaction.
        await this.audit.record(
          {
            actor: { userId: adminId, role: Role.Admin },
            patientId: grant.patientId,
            resource: { type: 'break_glass', id: grant.id },
            action: 'grant',
            purpose: 'break_glass',
            outcome: 'allowed',
            request,
            breakGlassGrantId: grant.id,
          },
          session,
        );
        return grant;
      },
      { contended: true },
    );
  }

  /** The admin's open grant to this patient's record (the latest-expiring one), or null. */
  async activeGrant(adminId: string, patientId: string): Promise<ActiveBreakGlassGrant | null> {
    if (!isObjectId(adminId) || !isObjectId(patientId)) {
      return null;
    }
    const grant = await this.repo.activeQuery(adminId, patientId, new Date()).exec();
    if (!grant) {
      return null;
    }
    const { reason: _reason, grantedAt: _at, ...active } = toView(grant);
    return active;
  }

  /** The admin's open grants, latest-expiring first. */
  async activeOf(adminId: string): Promise<BreakGlassGrantView[]> {
    const grants = await this.repo.activeOfAdminQuery(adminId, new Date(), MAX_LISTED).exec();
    return grants.map(toView);
  }
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const isObjectId = (id: string): boolean => OBJECT_ID.test(id);
