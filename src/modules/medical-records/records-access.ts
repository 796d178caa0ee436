import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import type { AuthUser } from '../../common/auth/auth-user';
import { ErrorKind, isAppError } from '../../common/errors/app-error';
import { AppointmentsService } from '../appointments/appointments.service';
import { BreakGlassService } from '../clinical-access/break-glass.service';
import type {
  AccessPurpose,
  AccessRequestContext,
  ClinicalAction,
  ClinicalResourceType,
} from '../clinical-access/clinical-access.types';
import { ClinicalAuditService } from '../clinical-access/clinical-audit.service';
import {
  decideRead,
  factNeeded,
  type ReadDecision,
  type ReaderFacts,
} from './domain/record-access';

/** Who is asking, and the request they asked with. */
export interface AccessContext {
  user: AuthUser;
  request: AccessRequestContext;
}

/** What an access touches, filled in as the service learns it (whose record, which resource). */
export interface AuditTarget {
  patientId: string | null;
  resource: { type: ClinicalResourceType; id: string | null };
  action: ClinicalAction;
}

export const target = (
  type: ClinicalResourceType,
  action: ClinicalAction,
  id: string | null = null,
  patientId: string | null = null,
): AuditTarget => ({ patientId, resource: { type, id }, action });

/**
 * The access rules of the medical records and their audit. Reads are decided by
 * `domain/record-access.ts` from the one fact the reader needs (a doctor's care relationship,
 * an admin's break-glass grant); every outcome is appended to the clinical audit: an allowed
 * write in the write's transaction, an allowed read before its data is returned, a refusal
 * when it is answered.
 */
@Injectable()
export class RecordsAccess {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly breakGlass: BreakGlassService,
    private readonly audit: ClinicalAuditService,
  ) {}

  async decideRead(user: AuthUser, patientId: string): Promise<ReadDecision> {
    const facts: ReaderFacts = {};
    switch (factNeeded(user, patientId)) {
      case 'careRelationship':
        facts.careRelationship = await this.appointments.hasCareRelationship(user.id, patientId);
        break;
      case 'breakGlass':
        facts.breakGlassGrantId =
          (await this.breakGlass.activeGrant(user.id, patientId))?.id ?? null;
        break;
      default:
        break;
    }
    return decideRead(user, patientId, facts);
  }

  allowed(
    ctx: AccessContext,
    t: AuditTarget,
    purpose: AccessPurpose,
    breakGlassGrantId: string | null,
    session?: ClientSession,
  ): Promise<void> {
    return this.audit.record(
      {
        actor: { userId: ctx.user.id, role: ctx.user.role },
        patientId: t.patientId,
        resource: { ...t.resource },
        action: t.action,
        purpose,
        outcome: 'allowed',
        request: ctx.request,
        breakGlassGrantId,
      },
      session,
    );
  }

  /**
   * Runs one access: a refusal it answers with (an AppError: not found, locked, invalid input
   * the service checks) is audited as denied before it is thrown. An integrity failure of a
   * stored value is not a denial (the allowed access was audited already).
   */
  async run<T>(
    ctx: AccessContext,
    t: AuditTarget,
    work: (t: AuditTarget) => Promise<T>,
  ): Promise<T> {
    try {
      return await work(t);
    } catch (err) {
      if (isAppError(err) && err.kind !== ErrorKind.Unavailable) {
        await this.audit.record({
          actor: { userId: ctx.user.id, role: ctx.user.role },
          patientId: t.patientId,
          resource: { ...t.resource },
          action: t.action,
          purpose: null,
          outcome: 'denied',
          request: ctx.request,
        });
      }
      throw err;
    }
  }
}

/**
 * Options of every records transaction: one that appends to the clinical audit holds the audit
 * chain's head until it commits, so concurrent ones conflict on it and need the contended retry
 * budget (see ClinicalAuditService). The audit entry is each transaction's last write.
 */
export const CONTENDED = { contended: true } as const;
