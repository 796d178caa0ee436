import { Injectable } from '@nestjs/common';
import { Types, type ClientSession } from 'mongoose';
import { Role } from '../../common/auth/role.enum';
import { skipOf, type Page } from '../../common/dto/pagination.dto';
import { CommonErrorCode, commonError } from '../../common/errors/error-codes';
import { isDuplicateKey } from '../../database/duplicate-key';
import { TransactionRunner } from '../../database/transaction-runner';
import { AppointmentStatus } from '../appointments/domain/appointment-status';
import { AppointmentsService } from '../appointments/appointments.service';
import { canTransition, sourcesOf } from './domain/prescription-status';
import {
  mergeNote,
  NOTE_FIELDS,
  vitalsFrom,
  type EncounterNote,
  type PrescriptionContent,
  type Vitals,
} from './domain/record-content';
import { editableUntil, editWindowStart, withinEditWindow } from './domain/record-access';
import type {
  CreateEncounterDto,
  CreatePrescriptionDto,
  UpdateEncounterDto,
  UpdatePrescriptionDto,
} from './dto/records-request.dto';
import type { EncounterResponseDto, PrescriptionResponseDto } from './dto/records-response.dto';
import { RecordsMapper } from './medical-records.mapper';
import { MedicalRecordsErrorCode, recordsError } from './medical-records.errors';
import { MedicalRecordsRepository, type EncounterRecord } from './medical-records.repository';
import {
  RecordsAccess,
  CONTENDED,
  target,
  type AccessContext,
  type AuditTarget,
} from './records-access';
import { RecordSealer } from './record-sealer';

/** Visits at which an encounter may be written: the doctor saw, or is seeing, the patient. */
const ATTENDED: AppointmentStatus[] = [AppointmentStatus.Confirmed, AppointmentStatus.Completed];

/**
 * Encounters (visit notes and vitals) and their prescriptions. Only the appointment's doctor
 * writes, and only on their own encounters; the notes can be changed for 24 h, then only
 * amended (addenda) or marked entered-in-error. Reads follow RecordsAccess.
 */
@Injectable()
export class EncountersService {
  private readonly map: RecordsMapper;

  constructor(
    private readonly records: MedicalRecordsRepository,
    private readonly appointments: AppointmentsService,
    private readonly access: RecordsAccess,
    private readonly sealer: RecordSealer,
    private readonly tx: TransactionRunner,
  ) {
    this.map = new RecordsMapper(sealer);
  }

  // ---- Writing ----

  create(
    ctx: AccessContext,
    appointmentId: string,
    dto: CreateEncounterDto,
    now: Date = new Date(),
  ): Promise<EncounterResponseDto> {
    return this.access.run(ctx, target('encounter', 'create'), async (t) => {
      const visit = await this.appointments.getCareSnapshot(appointmentId);
      if (!visit || visit.doctorId !== ctx.user.id) {
        throw appointmentNotFound();
      }
      t.patientId = visit.patientId;
      if (!ATTENDED.includes(visit.status)) {
        throw recordsError(
          MedicalRecordsErrorCode.AppointmentNotAttended,
          'An encounter is written for a confirmed or completed visit',
          { status: visit.status },
        );
      }
      const id = new Types.ObjectId();
      t.resource.id = id.toHexString();
      const note = mergeNote(EMPTY_NOTE, dto);
      try {
        const created = await this.tx.run(async (session) => {
          const record = await this.records.insertEncounter(
            {
              _id: id,
              appointmentId: new Types.ObjectId(visit.id),
              patientId: new Types.ObjectId(visit.patientId),
              doctorId: new Types.ObjectId(visit.doctorId),
              status: 'finished',
              periodStart: visit.startsAt,
              periodEnd: visit.endsAt,
              note: this.sealer.seal('encounter', id, 'note', note),
              vitals: this.sealer.seal('encounter', id, 'vitals', vitalsFrom(dto.vitals)),
            },
            session,
          );
          await this.access.allowed(ctx, t, 'treatment', null, session);
          return record;
        }, CONTENDED);
        return this.map.encounter(created, [], now);
      } catch (err) {
        if (isDuplicateKey(err)) {
          throw recordsError(
            MedicalRecordsErrorCode.EncounterExists,
            'This visit has an encounter already; change it with PATCH /encounters/:id',
          );
        }
        throw err;
      }
    });
  }

  update(
    ctx: AccessContext,
    id: string,
    dto: UpdateEncounterDto,
    now: Date = new Date(),
  ): Promise<EncounterResponseDto> {
    return this.access.run(ctx, target('encounter', 'update', id), async (t) => {
      if (NOTE_FIELDS.every((f) => dto[f] === undefined) && dto.vitals === undefined) {
        throw commonError(
          CommonErrorCode.ValidationFailed,
          'Send at least one of chiefComplaint, findings, diagnosis, plan, vitals',
        );
      }
      return this.changeOwn(
        ctx,
        id,
        t,
        now,
        async (current, session) => {
          if (!withinEditWindow(new Date(current.createdAt), now)) {
            throw locked(current);
          }
          const note = this.sealer.open<EncounterNote>(
            'encounter',
            current._id,
            'note',
            current.note,
          );
          const vitals = this.sealer.open<Vitals>(
            'encounter',
            current._id,
            'vitals',
            current.vitals,
          );
          const revisionId = new Types.ObjectId();
          return this.records.editEncounterIf(
            current,
            editWindowStart(now),
            {
              note: this.sealer.seal('encounter', current._id, 'note', mergeNote(note, dto)),
              vitals: this.sealer.seal(
                'encounter',
                current._id,
                'vitals',
                dto.vitals === undefined ? vitals : vitalsFrom(dto.vitals),
              ),
            },
            {
              _id: revisionId,
              replacedAt: now,
              content: this.sealer.seal(
                'encounter',
                current._id,
                `revisions.${revisionId.toHexString()}`,
                { note, vitals },
              ),
            },
            session,
          );
        },
        (current) => locked(current),
      );
    });
  }

  addAddendum(
    ctx: AccessContext,
    id: string,
    text: string,
    now: Date = new Date(),
  ): Promise<EncounterResponseDto> {
    return this.access.run(ctx, target('encounter', 'amend', id), async (t) => {
      return this.changeOwn(
        ctx,
        id,
        t,
        now,
        async (current, session) => {
          const addendumId = new Types.ObjectId();
          return this.records.pushAddendumIf(
            current._id,
            current.doctorId,
            {
              _id: addendumId,
              authorId: new Types.ObjectId(ctx.user.id),
              createdAt: now,
              text: this.sealer.seal(
                'encounter',
                current._id,
                `addenda.${addendumId.toHexString()}.text`,
                text,
              ),
            },
            session,
          );
        },
        () => enteredInError(),
      );
    });
  }

  markEnteredInError(
    ctx: AccessContext,
    id: string,
    reason: string,
    now: Date = new Date(),
  ): Promise<EncounterResponseDto> {
    return this.access.run(ctx, target('encounter', 'entered_in_error', id), async (t) => {
      return this.changeOwn(
        ctx,
        id,
        t,
        now,
        async (current, session) => {
          return this.records.markEncounterEnteredInErrorIf(
            current._id,
            current.doctorId,
            {
              at: now,
              by: new Types.ObjectId(ctx.user.id),
              reason: this.sealer.seal('encounter', current._id, 'enteredInError.reason', reason),
            },
            session,
          );
        },
        () => enteredInError(),
      );
    });
  }

  addPrescription(
    ctx: AccessContext,
    encounterId: string,
    dto: CreatePrescriptionDto,
    now: Date = new Date(),
  ): Promise<PrescriptionResponseDto> {
    return this.access.run(ctx, target('prescription', 'create'), async (t) => {
      const id = new Types.ObjectId();
      const created = await this.tx.run(async (session) => {
        const encounter = await this.ownEncounter(ctx, encounterId, t, session);
        t.resource.id = id.toHexString();
        assertCurrent(encounter);
        if (!withinEditWindow(new Date(encounter.createdAt), now)) {
          throw locked(encounter);
        }
        const content: PrescriptionContent = {
          medication: dto.medication,
          dose: dto.dose,
          route: dto.route || null,
          frequency: dto.frequency,
          duration: dto.duration || null,
          quantity: dto.quantity ?? null,
          instructions: dto.instructions || null,
        };
        const record = await this.records.insertPrescription(
          {
            _id: id,
            encounterId: encounter._id,
            patientId: encounter.patientId,
            doctorId: encounter.doctorId,
            status: 'active',
            content: this.sealer.seal('prescription', id, 'content', content),
            statusHistory: [
              { status: 'active', at: now, by: new Types.ObjectId(ctx.user.id), reason: null },
            ],
          },
          session,
        );
        await this.access.allowed(ctx, t, 'treatment', null, session);
        return record;
      }, CONTENDED);
      return this.map.prescription(created);
    });
  }

  updatePrescription(
    ctx: AccessContext,
    id: string,
    dto: UpdatePrescriptionDto,
    now: Date = new Date(),
  ): Promise<PrescriptionResponseDto> {
    const action = dto.status === 'entered-in-error' ? 'entered_in_error' : 'update';
    return this.access.run(ctx, target('prescription', action, id), async (t) => {
      const updated = await this.tx.run(async (session) => {
        const current = await this.records.findPrescription(id, session);
        if (!current) {
          throw prescriptionNotFound();
        }
        t.patientId = current.patientId.toHexString();
        if (current.doctorId.toHexString() !== ctx.user.id) {
          throw prescriptionNotFound();
        }
        if (!canTransition(current.status, dto.status)) {
          throw invalidTransition(current.status, dto.status);
        }
        const next = await this.records.transitionPrescriptionIf(
          current._id,
          current.doctorId,
          sourcesOf(dto.status),
          {
            status: dto.status,
            at: now,
            by: new Types.ObjectId(ctx.user.id),
            reason: dto.reason
              ? this.sealer.seal(
                  'prescription',
                  current._id,
                  `statusHistory.${current.statusHistory.length}.reason`,
                  dto.reason,
                )
              : null,
          },
          session,
        );
        if (!next) {
          throw invalidTransition(current.status, dto.status);
        }
        await this.access.allowed(ctx, t, 'treatment', null, session);
        return next;
      }, CONTENDED);
      return this.map.prescription(updated);
    });
  }

  // ---- Reading ----

  getForAppointment(
    ctx: AccessContext,
    appointmentId: string,
    now: Date = new Date(),
  ): Promise<EncounterResponseDto> {
    return this.access.run(ctx, target('encounter', 'read'), async (t) => {
      const visit = await this.appointments.getCareSnapshot(appointmentId);
      if (!visit) {
        throw appointmentNotFound();
      }
      t.patientId = visit.patientId;
      const decision = await this.access.decideRead(ctx.user, visit.patientId);
      if (!decision.allowed) {
        throw appointmentNotFound();
      }
      const encounter = await this.records.findEncounterOfAppointment(appointmentId);
      if (!encounter) {
        throw recordsError(
          MedicalRecordsErrorCode.EncounterNotFound,
          'No encounter was written for this visit',
        );
      }
      t.resource.id = encounter._id.toHexString();
      const prescriptions = await this.records.prescriptionsOf([encounter._id]);
      await this.access.allowed(ctx, t, decision.purpose, decision.breakGlassGrantId);
      return this.map.encounter(encounter, prescriptions, now);
    });
  }

  listForPatient(
    ctx: AccessContext,
    patientId: string,
    query: { page: number; limit: number },
    now: Date = new Date(),
  ): Promise<Page<EncounterResponseDto>> {
    return this.access.run(ctx, target('encounter', 'list', null, patientId), async (t) => {
      const decision = await this.access.decideRead(ctx.user, patientId);
      if (!decision.allowed) {
        throw patientNotFound();
      }
      const [items, total] = await Promise.all([
        this.encountersWithPrescriptions(patientId, skipOf(query), query.limit, now),
        this.records.countEncountersOfPatient(patientId),
      ]);
      await this.access.allowed(ctx, t, decision.purpose, decision.breakGlassGrantId);
      return { items: items(), total, page: query.page, limit: query.limit };
    });
  }

  /**
   * A page of the patient's encounters with their prescriptions, opened lazily (the caller
   * audits the read first, then opens the values). Two indexed queries, no N+1.
   */
  async encountersWithPrescriptions(
    patientId: string,
    skip: number,
    limit: number,
    now: Date,
  ): Promise<() => EncounterResponseDto[]> {
    const encounters = await this.records.listEncountersOfPatient(patientId, skip, limit);
    const prescriptions = await this.records.prescriptionsOf(encounters.map((e) => e._id));
    return () =>
      encounters.map((e) =>
        this.map.encounter(
          e,
          prescriptions.filter((p) => p.encounterId.equals(e._id)),
          now,
        ),
      );
  }

  private async withPrescriptions(e: EncounterRecord, now: Date): Promise<EncounterResponseDto> {
    return this.map.encounter(e, await this.records.prescriptionsOf([e._id]), now);
  }

  /** The caller's own encounter (a doctor's), else 404 whatever the reason. */
  /**
   * One change of an encounter by its author, in one transaction: read it (theirs, not entered
   * in error), make the conditional write, record the allowed access last. `refused` is the
   * error when the write's condition no longer held (the window closed, a concurrent change).
   */
  private async changeOwn(
    ctx: AccessContext,
    id: string,
    t: AuditTarget,
    now: Date,
    write: (current: EncounterRecord, session: ClientSession) => Promise<EncounterRecord | null>,
    refused: (current: EncounterRecord) => Error,
  ): Promise<EncounterResponseDto> {
    const updated = await this.tx.run(async (session) => {
      const current = await this.ownEncounter(ctx, id, t, session);
      assertCurrent(current);
      const next = await write(current, session);
      if (!next) {
        throw refused(current);
      }
      await this.access.allowed(ctx, t, 'treatment', null, session);
      return next;
    }, CONTENDED);
    return this.withPrescriptions(updated, now);
  }

  private async ownEncounter(
    ctx: AccessContext,
    id: string,
    t: AuditTarget,
    session: Parameters<MedicalRecordsRepository['findEncounter']>[1],
  ): Promise<EncounterRecord> {
    const current = await this.records.findEncounter(id, session);
    if (!current) {
      throw encounterNotFound();
    }
    t.patientId = current.patientId.toHexString();
    if (ctx.user.role !== Role.Doctor || current.doctorId.toHexString() !== ctx.user.id) {
      throw encounterNotFound();
    }
    return current;
  }
}

const EMPTY_NOTE: EncounterNote = {
  chiefComplaint: null,
  findings: null,
  diagnosis: null,
  plan: null,
};

function assertCurrent(e: EncounterRecord): void {
  if (e.status === 'entered-in-error') {
    throw enteredInError();
  }
}

const appointmentNotFound = () =>
  recordsError(MedicalRecordsErrorCode.AppointmentNotFound, 'Appointment not found');
const encounterNotFound = () =>
  recordsError(MedicalRecordsErrorCode.EncounterNotFound, 'Encounter not found');
const prescriptionNotFound = () =>
  recordsError(MedicalRecordsErrorCode.PrescriptionNotFound, 'Prescription not found');
export const patientNotFound = () =>
  recordsError(MedicalRecordsErrorCode.PatientNotFound, 'Patient not found');
const enteredInError = () =>
  recordsError(
    MedicalRecordsErrorCode.EncounterEnteredInError,
    'This encounter was marked entered-in-error and cannot change',
  );
const locked = (e: EncounterRecord) =>
  recordsError(
    MedicalRecordsErrorCode.EncounterLocked,
    'The notes can be changed for 24 hours after writing; add an addendum instead',
    { editableUntil: editableUntil(new Date(e.createdAt)).toISOString() },
  );
const invalidTransition = (from: string, to: string) =>
  recordsError(
    MedicalRecordsErrorCode.InvalidPrescriptionTransition,
    `A prescription cannot move from ${from} to ${to}`,
    { from, to },
  );
