import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { trusted, type ClientSession, type Model, Types } from 'mongoose';
import { isDuplicateKey } from '../../database/duplicate-key';
import type { ClinicalAccessEntry } from './clinical-access.types';
import {
  GENESIS_HASH,
  hashEntry,
  type ChainHead,
  type ChainLink,
  type ChainedFields,
} from './domain/audit-chain';
import { AuditChainHead } from './schemas/audit-chain-head.schema';
import { ClinicalAuditEntry } from './schemas/clinical-audit-entry.schema';

const CHAIN_ID = 'clinical_audit';
const oid = (id: string | null | undefined) => (id ? new Types.ObjectId(id) : null);
const hex = (id: Types.ObjectId | null | undefined): string | null =>
  id ? id.toHexString() : null;
/** Read back for the tamper check: whatever a raw edit left there, never a crash. */
const storedText = (v: unknown): string | null =>
  v === null || v === undefined
    ? null
    : typeof v === 'string'
      ? v
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : JSON.stringify(v);
const storedId = (id: unknown): string | null =>
  id instanceof Types.ObjectId ? id.toHexString() : storedText(id);
const storedDate = (v: unknown): Date =>
  v instanceof Date && !Number.isNaN(v.getTime()) ? v : new Date(0);

export type AuditEntryRecord = ClinicalAuditEntry;

/** What the admin list may filter on (every combination is served by an index, see the schema). */
export interface AuditCriteria {
  patientId?: string;
  actorId?: string;
  action?: string;
  outcome?: string;
  resourceType?: string;
  from?: Date;
  to?: Date;
}

/** Newest first; `seq` orders entries of one millisecond. */
const NEWEST_FIRST = { at: -1, seq: -1 } as const;

/** The only code that touches the clinical_audit_log and clinical_audit_chain collections. */
@Injectable()
export class ClinicalAuditRepository {
  constructor(
    @InjectModel(ClinicalAuditEntry.name) private readonly model: Model<ClinicalAuditEntry>,
    @InjectModel(AuditChainHead.name) private readonly heads: Model<AuditChainHead>,
  ) {}

  /** Creates the (empty) head once, so first appends never race to create it. */
  async ensureHead(): Promise<void> {
    try {
      await this.heads.updateOne(
        { _id: CHAIN_ID },
        { $setOnInsert: { seq: 0, hash: GENESIS_HASH, updatedAt: new Date() } },
        { upsert: true },
      );
    } catch (err) {
      // Another instance created it at the same moment.
      if (!isDuplicateKey(err)) {
        throw err;
      }
    }
  }

  /**
   * Appends in `session`'s transaction: takes the next number from the head (the `$inc` is the
   * write that makes concurrent appends conflict, so only one at a time gets a number), hashes
   * the entry with the head's hash, inserts it and moves the head to it. The unique `seq` index
   * backs this up: two entries can never share a number.
   */
  async append(entry: ClinicalAccessEntry, at: Date, session: ClientSession): Promise<ChainLink> {
    const head = await this.heads
      .findOneAndUpdate(
        { _id: CHAIN_ID },
        { $inc: { seq: 1 }, $setOnInsert: { hash: GENESIS_HASH }, $set: { updatedAt: at } },
        { upsert: true, returnDocument: 'after', session },
      )
      .lean<AuditChainHead>();
    const id = new Types.ObjectId();
    const fields: ChainedFields = {
      seq: head.seq,
      id: id.toHexString(),
      at,
      actorId: entry.actor.userId,
      actorRole: entry.actor.role,
      patientId: entry.patientId,
      resourceType: entry.resource.type,
      resourceId: entry.resource.id,
      action: entry.action,
      purpose: entry.purpose,
      outcome: entry.outcome,
      reason: entry.reason ?? null,
      requestId: entry.request.requestId,
      ip: entry.request.ip,
      breakGlassGrantId: entry.breakGlassGrantId ?? null,
    };
    // Normalised the way they are stored, so the check recomputes the same bytes.
    fields.actorId = hex(oid(fields.actorId));
    fields.patientId = hex(oid(fields.patientId));
    fields.breakGlassGrantId = hex(oid(fields.breakGlassGrantId));
    const prevHash = head.hash;
    const hash = hashEntry(fields, prevHash);
    await this.model.create(
      [
        {
          ...fields,
          resourceType: entry.resource.type,
          action: entry.action,
          purpose: entry.purpose,
          outcome: entry.outcome,
          _id: id,
          actorId: oid(fields.actorId),
          patientId: oid(fields.patientId),
          breakGlassGrantId: oid(fields.breakGlassGrantId),
          prevHash,
          hash,
        },
      ],
      { session },
    );
    await this.heads.updateOne({ _id: CHAIN_ID }, { $set: { hash } }, { session });
    return { ...fields, prevHash, hash };
  }

  async head(): Promise<ChainHead> {
    const head = await this.heads.findById(CHAIN_ID).lean<AuditChainHead>();
    return head ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /** The chain up to `lastSeq`, in order, as the hash saw it (read off the seq index). */
  async *chainUpTo(lastSeq: number): AsyncGenerator<ChainLink> {
    const cursor = this.model
      .find({ seq: trusted({ $gte: 1, $lte: lastSeq }) })
      .sort({ seq: 1 })
      .lean<ClinicalAuditEntry[]>()
      .cursor({ batchSize: 1000 });
    for await (const doc of cursor) {
      yield toLink(doc);
    }
  }

  /** The admin list's query (exposed for the explain tests). */
  listQuery(criteria: AuditCriteria, skip: number, limit: number) {
    return this.model
      .find(filterOf(criteria))
      .sort(NEWEST_FIRST)
      .skip(skip)
      .limit(limit)
      .lean<AuditEntryRecord[]>();
  }

  count(criteria: AuditCriteria): Promise<number> {
    return this.model.countDocuments(filterOf(criteria)).exec();
  }

  /** A patient's "who accessed my record" (exposed for the explain tests). */
  patientQuery(patientId: string, skip: number, limit: number) {
    return this.listQuery({ patientId }, skip, limit);
  }

  /** Every access to a patient's record, newest first, streamed (the data export). */
  async *allForPatient(patientId: string): AsyncGenerator<AuditEntryRecord> {
    const cursor = this.model
      .find({ patientId: new Types.ObjectId(patientId) })
      .sort(NEWEST_FIRST)
      .lean<AuditEntryRecord[]>()
      .cursor({ batchSize: 1000 });
    for await (const doc of cursor) {
      yield doc;
    }
  }

  countForPatient(patientId: string): Promise<number> {
    return this.count({ patientId });
  }

  /** Every entry about a patient's record, newest first (`patient_at`), for the data export. */
}

function filterOf(c: AuditCriteria): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (c.patientId) {
    filter.patientId = new Types.ObjectId(c.patientId);
  }
  if (c.actorId) {
    filter.actorId = new Types.ObjectId(c.actorId);
  }
  if (c.action) {
    filter.action = c.action;
  }
  if (c.outcome) {
    filter.outcome = c.outcome;
  }
  if (c.resourceType) {
    filter.resourceType = c.resourceType;
  }
  if (c.from || c.to) {
    filter.at = trusted({ ...(c.from ? { $gte: c.from } : {}), ...(c.to ? { $lt: c.to } : {}) });
  }
  return filter;
}

function toLink(doc: ClinicalAuditEntry): ChainLink {
  return {
    seq: doc.seq,
    id: storedId(doc._id) ?? '',
    at: storedDate(doc.at),
    actorId: storedId(doc.actorId),
    actorRole: storedText(doc.actorRole) ?? '',
    patientId: storedId(doc.patientId),
    resourceType: storedText(doc.resourceType) ?? '',
    resourceId: storedText(doc.resourceId),
    action: storedText(doc.action) ?? '',
    purpose: storedText(doc.purpose),
    outcome: storedText(doc.outcome) ?? '',
    reason: storedText(doc.reason),
    requestId: storedText(doc.requestId),
    ip: storedText(doc.ip),
    breakGlassGrantId: storedId(doc.breakGlassGrantId),
    prevHash: storedText(doc.prevHash) ?? '',
    hash: storedText(doc.hash) ?? '',
  };
}
