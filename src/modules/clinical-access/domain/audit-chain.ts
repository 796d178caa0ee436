import { createHash } from 'node:crypto';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The fields of an audit entry the hash covers, in clear: ids as hex strings, the instant as an
 * ISO string. Everything an entry says is covered; a change to any of it breaks the chain.
 */
export interface ChainedFields {
  seq: number;
  id: string;
  at: Date;
  actorId: string | null;
  actorRole: string;
  patientId: string | null;
  resourceType: string;
  resourceId: string | null;
  action: string;
  purpose: string | null;
  outcome: string;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
  breakGlassGrantId: string | null;
}

/** A stored entry: its fields, the hash of the one before and its own. */
export interface ChainLink extends ChainedFields {
  prevHash: string;
  hash: string;
}

/**
 * The canonical serialization: a JSON array in a fixed order, prefixed by a format version, so
 * the bytes hashed never depend on property order, and a field moved between positions (a
 * patient id put where the actor's was) changes them.
 */
export function canonicalize(fields: ChainedFields, prevHash: string): string {
  return JSON.stringify([
    1,
    fields.seq,
    fields.id,
    fields.at.toISOString(),
    fields.actorId,
    fields.actorRole,
    fields.patientId,
    fields.resourceType,
    fields.resourceId,
    fields.action,
    fields.purpose,
    fields.outcome,
    fields.reason,
    fields.requestId,
    fields.ip,
    fields.breakGlassGrantId,
    prevHash,
  ]);
}

/** SHA-256 (hex) of the entry's canonical serialization with the previous entry's hash. */
export function hashEntry(fields: ChainedFields, prevHash: string): string {
  return createHash('sha256').update(canonicalize(fields, prevHash), 'utf8').digest('hex');
}

/** The chain's head as stored next to it: the last sequence number and its hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * - `hash_mismatch`: the entry's content no longer matches its hash: it was edited.
 * - `prev_hash_mismatch`: the entry does not point at the one before it: entries were removed,
 *   reordered or replaced.
 * - `missing_entry`: a sequence number is missing: an entry was deleted.
 * - `head_mismatch`: the last entry is not the one the head names: the end was replaced.
 */
export const CHAIN_BREAK_REASONS = [
  'hash_mismatch',
  'prev_hash_mismatch',
  'missing_entry',
  'head_mismatch',
] as const;
export type ChainBreakReason = (typeof CHAIN_BREAK_REASONS)[number];

export interface ChainBreak {
  /** The sequence number where the chain first breaks. */
  seq: number;
  reason: ChainBreakReason;
}

export interface ChainReport {
  intact: boolean;
  /** Entries checked (up to the first break). */
  checked: number;
  head: ChainHead;
  firstBreak: ChainBreak | null;
}

/**
 * Walks the chain in sequence order, one link at a time (so a long chain is checked as it is
 * read), and remembers the first break. `finish` compares the end of the walk with the head.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private broken: ChainBreak | null = null;

  constructor(private readonly head: ChainHead) {}

  /** Checks the next link; false once the chain is broken (no need to read further). */
  push(link: ChainLink): boolean {
    if (this.broken) {
      return false;
    }
    if (link.seq !== this.expectedSeq) {
      // A lower number than expected can only be a duplicate; both mean the order is not 1, 2, ...
      this.broken = { seq: this.expectedSeq, reason: 'missing_entry' };
      return false;
    }
    if (hashEntry(link, link.prevHash) !== link.hash) {
      this.broken = { seq: link.seq, reason: 'hash_mismatch' };
      return false;
    }
    if (link.prevHash !== this.prevHash) {
      this.broken = { seq: link.seq, reason: 'prev_hash_mismatch' };
      return false;
    }
    this.checked++;
    this.expectedSeq++;
    this.prevHash = link.hash;
    return true;
  }

  finish(): ChainReport {
    if (!this.broken) {
      const lastSeq = this.expectedSeq - 1;
      if (lastSeq < this.head.seq) {
        this.broken = { seq: this.expectedSeq, reason: 'missing_entry' };
      } else if (this.prevHash !== this.head.hash) {
        this.broken = { seq: this.head.seq, reason: 'head_mismatch' };
      }
    }
    return {
      intact: this.broken === null,
      checked: this.checked,
      head: this.head,
      firstBreak: this.broken,
    };
  }
}
