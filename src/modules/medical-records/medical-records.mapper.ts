import {
  type DocumentMeta,
  type EncounterNote,
  type HealthContent,
  type PrescriptionContent,
  type Vitals,
  EMPTY_HEALTH,
  withUnits,
} from './domain/record-content';
import { editableUntil, withinEditWindow } from './domain/record-access';
import type {
  EncounterResponseDto,
  HealthProfileResponseDto,
  MedicalDocumentDto,
  PrescriptionResponseDto,
} from './dto/records-response.dto';
import type {
  DocumentRecord,
  EncounterRecord,
  HealthProfileRecord,
  PrescriptionRecord,
} from './medical-records.repository';
import type { RecordSealer } from './record-sealer';

const iso = (d: Date | string): string => new Date(d).toISOString();

/** Opens the sealed values of stored records into response DTOs (integrity errors propagate). */
export class RecordsMapper {
  constructor(private readonly sealer: RecordSealer) {}

  prescription(p: PrescriptionRecord): PrescriptionResponseDto {
    const content = this.sealer.open<PrescriptionContent>(
      'prescription',
      p._id,
      'content',
      p.content,
    );
    return {
      id: p._id.toHexString(),
      encounterId: p.encounterId.toHexString(),
      patientId: p.patientId.toHexString(),
      requesterId: p.doctorId.toHexString(),
      status: p.status,
      medication: content.medication,
      dose: content.dose,
      route: content.route,
      frequency: content.frequency,
      duration: content.duration,
      quantity: content.quantity,
      instructions: content.instructions,
      authoredOn: iso(p.createdAt),
      statusHistory: p.statusHistory.map((h, i) => ({
        status: h.status,
        at: iso(h.at),
        by: h.by.toHexString(),
        reason:
          h.reason === null
            ? null
            : this.sealer.open<string>(
                'prescription',
                p._id,
                `statusHistory.${i}.reason`,
                h.reason,
              ),
      })),
    };
  }

  encounter(
    e: EncounterRecord,
    prescriptions: PrescriptionRecord[],
    now: Date,
  ): EncounterResponseDto {
    const note = this.sealer.open<EncounterNote>('encounter', e._id, 'note', e.note);
    const vitals = this.sealer.open<Vitals>('encounter', e._id, 'vitals', e.vitals);
    const createdAt = new Date(e.createdAt);
    return {
      id: e._id.toHexString(),
      appointmentId: e.appointmentId.toHexString(),
      patientId: e.patientId.toHexString(),
      doctorId: e.doctorId.toHexString(),
      status: e.status,
      periodStart: iso(e.periodStart),
      periodEnd: iso(e.periodEnd),
      chiefComplaint: note.chiefComplaint,
      findings: note.findings,
      diagnosis: note.diagnosis,
      plan: note.plan,
      vitals: withUnits(vitals),
      editableUntil: editableUntil(createdAt).toISOString(),
      locked: e.status !== 'finished' || !withinEditWindow(createdAt, now),
      enteredInError: e.enteredInError
        ? {
            at: iso(e.enteredInError.at),
            by: e.enteredInError.by.toHexString(),
            reason: this.sealer.open<string>(
              'encounter',
              e._id,
              'enteredInError.reason',
              e.enteredInError.reason,
            ),
          }
        : null,
      addenda: e.addenda.map((a) => ({
        id: a._id.toHexString(),
        authorId: a.authorId.toHexString(),
        text: this.sealer.open<string>(
          'encounter',
          e._id,
          `addenda.${a._id.toHexString()}.text`,
          a.text,
        ),
        createdAt: iso(a.createdAt),
      })),
      prescriptions: prescriptions.map((p) => this.prescription(p)),
      createdAt: iso(e.createdAt),
      updatedAt: iso(e.updatedAt),
    };
  }

  healthProfile(patientId: string, p: HealthProfileRecord | null): HealthProfileResponseDto {
    const content = p
      ? this.sealer.open<HealthContent>('health_profile', p._id, 'content', p.content)
      : EMPTY_HEALTH;
    return {
      patientId,
      allergies: content.allergies,
      chronicConditions: content.chronicConditions,
      currentMedications: content.currentMedications,
      updatedAt: p ? iso(p.updatedAt) : null,
    };
  }

  document(d: DocumentRecord): MedicalDocumentDto {
    const meta = this.sealer.open<DocumentMeta>('document', d._id, 'meta', d.meta);
    return {
      id: d._id.toHexString(),
      patientId: d.patientId.toHexString(),
      title: meta.title,
      fileName: meta.fileName,
      contentType: meta.contentType,
      size: d.size,
      createdAt: iso(d.createdAt),
    };
  }
}
