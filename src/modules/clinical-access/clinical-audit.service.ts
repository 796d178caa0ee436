import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { KeyedMutex } from '../../common/concurrency/keyed-mutex';
import { skipOf, type Page } from '../../common/dto/pagination.dto';
import { TransactionRunner } from '../../database/transaction-runner';
import type {
  AccessRequestContext,
  ClinicalAccessEntry,
  ClinicalActor,
} from './clinical-access.types';
import { clinicalAccessError, ClinicalAccessErrorCode } from './clinical-access.errors';
import {
  ClinicalAuditRepository,
  type AuditCriteria,
  type AuditEntryRecord,
} from './clinical-audit.repository';
import { ChainVerifier, type ChainReport } from './domain/audit-chain';

/** The chain has one head; appends of this instance queue on it instead of conflicting. */
const CHAIN_KEY = 'clinical_audit';

export interface AuditListQuery extends AuditCriteria {
  page: number;
  limit: number;
}

/**
 * Appends to the clinical access audit, a hash chain (domain/audit-chain.ts), and reads it.
 *
 * Callers record every read, write and denied attempt on clinical data: a write in the same
 * transaction as the write (pass its session: the entry commits or rolls back with it; append
 * it last, since the chain's head stays locked until that transaction ends), a read before the
 * data is returned (if the audit cannot be written, the read fails).
 */
@Injectable()
export class ClinicalAuditService {
  private readonly appends = new KeyedMutex();

  constructor(
    private readonly repo: ClinicalAuditRepository,
    private readonly tx: TransactionRunner,
  ) {}

  async record(entry: ClinicalAccessEntry, session?: ClientSession): Promise<void> {
    if (session) {
      if (!session.inTransaction()) {
        throw new Error('ClinicalAuditService.record: the session given is not in a transaction');
      }
      await this.repo.append(entry, new Date(), session);
      return;
    }
    // Every append writes the chain's head: queued here they commit one after the other, and
    // only appends of other instances (or inside callers' transactions) conflict and are retried.
    await this.appends.run(CHAIN_KEY, () =>
      this.tx.run((s) => this.repo.append(entry, new Date(), s), { contended: true }),
    );
  }

  /**
   * Walks the chain from the first entry to the head and reports the first broken link: an
   * edited entry (its hash), a removed or reordered one (the next entry's previous hash, or a
   * missing number) or a removed or replaced end (the head). Entries appended while it runs
   * are after the head it read and are left for the next check.
   */
  async verifyChain(): Promise<ChainReport> {
    const head = await this.repo.head();
    const verifier = new ChainVerifier(head);
    for await (const link of this.repo.chainUpTo(head.seq)) {
      if (!verifier.push(link)) {
        break;
      }
    }
    return verifier.finish();
  }

  /** The admin list, newest first; the query itself is recorded (purpose `audit`). */
  async list(
    admin: ClinicalActor & { userId: string },
    query: AuditListQuery,
    request: AccessRequestContext,
  ): Promise<Page<AuditEntryRecord>> {
    assertRange(query.from, query.to);
    await this.record({
      actor: admin,
      patientId: query.patientId ?? null,
      resource: { type: 'record_access', id: null },
      action: 'list',
      purpose: 'audit',
      outcome: 'allowed',
      request,
    });
    const criteria: AuditCriteria = {
      patientId: query.patientId,
      actorId: query.actorId,
      action: query.action,
      outcome: query.outcome,
      resourceType: query.resourceType,
      from: query.from,
      to: query.to,
    };
    const [items, total] = await Promise.all([
      this.repo.listQuery(criteria, skipOf(query), query.limit).exec(),
      this.repo.count(criteria),
    ]);
    return { items, total, page: query.page, limit: query.limit };
  }

  /** Accesses to one patient's record, newest first (recorded by the caller). */
  async forPatient(
    patientId: string,
    page: { page: number; limit: number },
  ): Promise<Page<AuditEntryRecord>> {
    const [items, total] = await Promise.all([
      this.repo.patientQuery(patientId, skipOf(page), page.limit).exec(),
      this.repo.countForPatient(patientId),
    ]);
    return { items, total, page: page.page, limit: page.limit };
  }

  /** Every access to one patient's record, newest first (for the data export). */
  allForPatient(patientId: string): AsyncGenerator<AuditEntryRecord> {
    return this.repo.allForPatient(patientId);
  }

  /** Creates the chain's head at start-up. */
  ensureChain(): Promise<void> {
    return this.repo.ensureHead();
  }
}

function assertRange(from: Date | undefined, to: Date | undefined): void {
  if (from && to && from.getTime() >= to.getTime()) {
    throw clinicalAccessError(ClinicalAccessErrorCode.InvalidDateRange, 'from must be before to');
  }
}
