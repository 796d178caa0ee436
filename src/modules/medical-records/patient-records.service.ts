import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { Role } from '../../common/auth/role.enum';
import { skipOf, type Page } from '../../common/dto/pagination.dto';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { UsersService } from '../users/users.service';
import { DOCUMENT_MIME, detectDocumentType } from './domain/document-type';
import type { DocumentMeta, HealthContent } from './domain/record-content';
import type { PutHealthProfileDto } from './dto/records-request.dto';
import type {
  EncounterResponseDto,
  HealthProfileResponseDto,
  MedicalDocumentDto,
  PatientRecordDto,
} from './dto/records-response.dto';
import { EncountersService, patientNotFound } from './encounters.service';
import { RecordsMapper } from './medical-records.mapper';
import { MedicalRecordsErrorCode, recordsError } from './medical-records.errors';
import { MedicalRecordsRepository } from './medical-records.repository';
import { CONTENDED, RecordsAccess, target, type AccessContext } from './records-access';
import { RecordSealer } from './record-sealer';

/** What GET /patients/:id shows of the latest visits and documents. */
const CHART_PAGE = 20;
const EXPORT_BATCH = 100;

/** A patient's whole record, as the data export includes it. */
export interface RecordsExport {
  healthProfile: HealthProfileResponseDto;
  documents: MedicalDocumentDto[];
  encounters: EncounterResponseDto[];
}

/** The part of an uploaded file the records need (multer's memory-storage file fits). */
export interface UploadedDocument {
  buffer: Buffer;
  size: number;
  originalname?: string;
}

export interface DocumentContent {
  contentType: string;
  fileName: string;
  bytes: Buffer;
}

/**
 * The patient's side of the record: the chart a carer reads (profile, health history,
 * documents, encounters), the health history the patient keeps, and their uploaded documents.
 */
@Injectable()
export class PatientRecordsService {
  private readonly map: RecordsMapper;

  constructor(
    private readonly records: MedicalRecordsRepository,
    private readonly encounters: EncountersService,
    private readonly users: UsersService,
    private readonly access: RecordsAccess,
    private readonly sealer: RecordSealer,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
  ) {
    this.map = new RecordsMapper(sealer);
  }

  getChart(
    ctx: AccessContext,
    patientId: string,
    now: Date = new Date(),
  ): Promise<PatientRecordDto> {
    return this.access.run(ctx, target('patient', 'read', patientId, patientId), async (t) => {
      const decision = await this.access.decideRead(ctx.user, patientId);
      if (!decision.allowed) {
        throw patientNotFound();
      }
      const patient = await this.users.findById(patientId);
      if (!patient || patient.role !== Role.Patient) {
        throw patientNotFound();
      }
      const [profile, documents, encounters, encountersTotal] = await Promise.all([
        this.records.findHealthProfile(patientId),
        this.records.listDocuments(patientId, 0, CHART_PAGE),
        this.encounters.encountersWithPrescriptions(patientId, 0, CHART_PAGE, now),
        this.records.countEncountersOfPatient(patientId),
      ]);
      await this.access.allowed(ctx, t, decision.purpose, decision.breakGlassGrantId);
      return {
        patient: {
          id: patientId,
          name: patient.name,
          gender: patient.gender ?? null,
          dateOfBirth: patient.dateOfBirth
            ? new Date(patient.dateOfBirth).toISOString().slice(0, 10)
            : null,
        },
        healthProfile: this.map.healthProfile(patientId, profile),
        documents: documents.map((d) => this.map.document(d)),
        encounters: encounters(),
        encountersTotal,
      };
    });
  }

  /**
   * Everything the records hold about a patient, opened: health history, documents (metadata,
   * not bytes) and every encounter with its prescriptions and addenda. For the patient's own
   * data export (GDPR Art. 15/20): it does NOT check access or audit, so the caller must be the
   * patient's own request and record the export in the clinical audit itself.
   */
  async exportFor(patientId: string, now: Date = new Date()): Promise<RecordsExport> {
    const encounters: EncounterResponseDto[] = [];
    for (let skip = 0; ; skip += EXPORT_BATCH) {
      const batch = await this.encounters.encountersWithPrescriptions(
        patientId,
        skip,
        EXPORT_BATCH,
        now,
      );
      const opened = batch();
      encounters.push(...opened);
      if (opened.length < EXPORT_BATCH) {
        break;
      }
    }
    const documents: MedicalDocumentDto[] = [];
    for (let skip = 0; ; skip += EXPORT_BATCH) {
      const batch = await this.records.listDocuments(patientId, skip, EXPORT_BATCH);
      documents.push(...batch.map((d) => this.map.document(d)));
      if (batch.length < EXPORT_BATCH) {
        break;
      }
    }
    const profile = await this.records.findHealthProfile(patientId);
    return { healthProfile: this.map.healthProfile(patientId, profile), documents, encounters };
  }

  // ---- The patient's own health history ----

  getOwnHealthProfile(ctx: AccessContext): Promise<HealthProfileResponseDto> {
    const id = ctx.user.id;
    return this.access.run(ctx, target('health_profile', 'read', id, id), async (t) => {
      const profile = await this.records.findHealthProfile(id);
      await this.access.allowed(ctx, t, 'self', null);
      return this.map.healthProfile(id, profile);
    });
  }

  putOwnHealthProfile(
    ctx: AccessContext,
    dto: PutHealthProfileDto,
  ): Promise<HealthProfileResponseDto> {
    const id = ctx.user.id;
    return this.access.run(ctx, target('health_profile', 'update', id, id), async (t) => {
      const content: HealthContent = {
        allergies: dto.allergies.map((a) => ({
          substance: a.substance,
          reaction: a.reaction || null,
          severity: a.severity ?? null,
        })),
        chronicConditions: dto.chronicConditions.map((c) => ({
          name: c.name,
          since: c.since || null,
          note: c.note || null,
        })),
        currentMedications: dto.currentMedications.map((m) => ({
          medication: m.medication,
          dose: m.dose || null,
          frequency: m.frequency || null,
        })),
      };
      const saved = await this.tx.run(async (session) => {
        const record = await this.records.putHealthProfile(
          id,
          this.sealer.seal('health_profile', id, 'content', content),
          session,
        );
        await this.access.allowed(ctx, t, 'self', null, session);
        return record;
      }, CONTENDED);
      return this.map.healthProfile(id, saved);
    });
  }

  // ---- Documents ----

  uploadDocument(
    ctx: AccessContext,
    file: UploadedDocument | undefined,
    title: string | undefined,
  ): Promise<MedicalDocumentDto> {
    const patientId = ctx.user.id;
    return this.access.run(ctx, target('document', 'create', null, patientId), async (t) => {
      if (!file || !Buffer.isBuffer(file.buffer) || file.buffer.length === 0) {
        throw recordsError(
          MedicalRecordsErrorCode.DocumentRequired,
          'A file is required (multipart field "file")',
        );
      }
      const max = this.config.RECORDS_DOCUMENT_MAX_BYTES;
      if (file.buffer.length > max) {
        throw recordsError(
          MedicalRecordsErrorCode.DocumentTooLarge,
          `A document must be at most ${max} bytes`,
        );
      }
      const type = detectDocumentType(file.buffer);
      if (!type) {
        throw recordsError(
          MedicalRecordsErrorCode.UnsupportedDocumentType,
          'Only PDF, JPEG and PNG documents are accepted (checked by content)',
        );
      }
      const id = new Types.ObjectId();
      t.resource.id = id.toHexString();
      const meta: DocumentMeta = {
        fileName: cleanFileName(file.originalname),
        title: title || null,
        contentType: DOCUMENT_MIME[type],
      };
      const saved = await this.tx.run(async (session) => {
        const record = await this.records.insertDocument(
          {
            _id: id,
            patientId: new Types.ObjectId(patientId),
            size: file.buffer.length,
            meta: this.sealer.seal('document', id, 'meta', meta),
            content: this.sealer.sealBytes('document', id, 'content', file.buffer),
          },
          session,
        );
        await this.access.allowed(ctx, t, 'self', null, session);
        return record;
      }, CONTENDED);
      return this.map.document(saved);
    });
  }

  /** The patient's documents (newest first): the patient, a carer, a break-glass admin. */
  listDocuments(
    ctx: AccessContext,
    patientId: string,
    query: { page: number; limit: number },
  ): Promise<Page<MedicalDocumentDto>> {
    return this.access.run(ctx, target('document', 'list', null, patientId), async (t) => {
      const decision = await this.access.decideRead(ctx.user, patientId);
      if (!decision.allowed) {
        throw patientNotFound();
      }
      const [items, total] = await Promise.all([
        this.records.listDocuments(patientId, skipOf(query), query.limit),
        this.records.countDocuments(patientId),
      ]);
      await this.access.allowed(ctx, t, decision.purpose, decision.breakGlassGrantId);
      return {
        items: items.map((d) => this.map.document(d)),
        total,
        page: query.page,
        limit: query.limit,
      };
    });
  }

  readDocument(ctx: AccessContext, id: string): Promise<DocumentContent> {
    return this.access.run(ctx, target('document', 'read', id), async (t) => {
      const doc = await this.records.findDocumentMeta(id);
      if (!doc) {
        throw documentNotFound();
      }
      t.patientId = doc.patientId.toHexString();
      const decision = await this.access.decideRead(ctx.user, t.patientId);
      if (!decision.allowed) {
        throw documentNotFound();
      }
      const stored = await this.records.findDocumentContent(id);
      if (!stored) {
        throw documentNotFound();
      }
      await this.access.allowed(ctx, t, decision.purpose, decision.breakGlassGrantId);
      const meta = this.sealer.open<DocumentMeta>('document', doc._id, 'meta', doc.meta);
      const bytes = this.sealer.openBytes('document', doc._id, 'content', stored);
      const ext = meta.contentType === 'application/pdf' ? 'pdf' : meta.contentType.split('/')[1];
      return { contentType: meta.contentType, fileName: `document-${id}.${ext}`, bytes };
    });
  }
}

const documentNotFound = () =>
  recordsError(MedicalRecordsErrorCode.DocumentNotFound, 'Document not found');

/** The uploaded name without a path, control characters or excess length (or null). */
function cleanFileName(name: string | undefined): string | null {
  if (!name) {
    return null;
  }
  const last = name.split(/[\\/]/).pop() ?? '';
  const base = [...last]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  return base ? base.slice(0, 200) : null;
}
