import type { BreakGlassGrantView } from './break-glass.service';
import type { AuditEntryRecord } from './clinical-audit.repository';
import type { ChainReport } from './domain/audit-chain';
import type {
  AuditEntryDto,
  BreakGlassGrantDto,
  ChainReportDto,
  RecordAccessDto,
} from './dto/audit.dto';

const hex = (id: { toHexString(): string } | null | undefined): string | null =>
  id ? id.toHexString() : null;

export function toAuditEntryResponse(e: AuditEntryRecord): AuditEntryDto {
  return {
    id: e._id.toHexString(),
    seq: e.seq,
    at: e.at.toISOString(),
    actor: { id: hex(e.actorId), role: e.actorRole },
    patientId: hex(e.patientId),
    resource: { type: e.resourceType, id: e.resourceId ?? null },
    action: e.action,
    purpose: e.purpose ?? null,
    outcome: e.outcome,
    reason: e.reason ?? null,
    requestId: e.requestId ?? null,
    ip: e.ip ?? null,
    breakGlassGrantId: hex(e.breakGlassGrantId),
    hash: e.hash,
  };
}

export function toChainReportResponse(r: ChainReport): ChainReportDto {
  return {
    intact: r.intact,
    checked: r.checked,
    head: { seq: r.head.seq, hash: r.head.hash },
    firstBreak: r.firstBreak ? { seq: r.firstBreak.seq, reason: r.firstBreak.reason } : null,
  };
}

/**
 * One line of a patient's "who accessed my record": a doctor by name, an admin as
 * "Administrator", the patient as themselves; anyone else (another patient's refused attempt,
 * an anonymous one) by role only.
 */
export function toRecordAccessResponse(
  e: AuditEntryRecord,
  patientId: string,
  names: ReadonlyMap<string, string>,
): RecordAccessDto {
  const actorId = hex(e.actorId);
  const you = actorId === patientId;
  const name =
    e.actorRole === 'admin'
      ? 'Administrator'
      : you || e.actorRole === 'doctor'
        ? (names.get(actorId ?? '') ?? null)
        : null;
  return {
    at: e.at.toISOString(),
    actor: { role: e.actorRole, name, you },
    action: e.action,
    resourceType: e.resourceType,
    purpose: e.purpose ?? null,
    outcome: e.outcome,
  };
}

export function toBreakGlassGrantResponse(g: BreakGlassGrantView): BreakGlassGrantDto {
  return {
    id: g.id,
    patientId: g.patientId,
    reason: g.reason,
    grantedAt: g.grantedAt.toISOString(),
    expiresAt: g.expiresAt.toISOString(),
  };
}
