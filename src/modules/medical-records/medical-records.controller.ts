import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  UploadedFile,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { ClinicalRoute } from '../../common/auth/clinical-route';
import { Role } from '../../common/auth/role.enum';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { PaginationQueryDto, type Page } from '../../common/dto/pagination.dto';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import {
  ApiEnvelope,
  ApiErrors,
  ApiPageEnvelope,
} from '../../common/swagger/api-responses.decorator';
import { ApiTag } from '../../common/swagger/api-tags';
import type { AccessRequestContext } from '../clinical-access/clinical-access.types';
import { ClinicalRequest } from './clinical-request.decorator';
import { DocumentUpload } from './document-upload.decorator';
import {
  AddendumDto,
  CreateEncounterDto,
  CreatePrescriptionDto,
  DOCUMENT_MULTIPART_SCHEMA,
  EnteredInErrorDto,
  PutHealthProfileDto,
  UpdateEncounterDto,
  UpdatePrescriptionDto,
  UploadDocumentDto,
} from './dto/records-request.dto';
import {
  EncounterResponseDto,
  HealthProfileResponseDto,
  MedicalDocumentDto,
  PatientRecordDto,
  PrescriptionResponseDto,
} from './dto/records-response.dto';
import { EncountersService } from './encounters.service';
import { PatientRecordsService, type UploadedDocument } from './patient-records.service';

const READERS =
  'Readable by the patient, a doctor who has or had a confirmed, completed or no-show ' +
  'appointment with the patient, and an admin with an active break-glass grant (read only); ' +
  'for anyone else the record does not exist (404). Every access, allowed or denied, is ' +
  'recorded in the clinical audit log.';
const AUTHOR =
  'The encounter’s author only (the appointment’s doctor); anyone else’s is 404. Audited.';

const ctxOf = (user: AuthUser, request: AccessRequestContext) => ({ user, request });

@ApiTags(ApiTag.MedicalRecords)
@Controller()
export class EncountersController {
  constructor(private readonly encounters: EncountersService) {}

  @Get('appointments/:id/encounter')
  @Auth()
  @ClinicalRoute({ resource: 'encounter', action: 'read' })
  @ApiOperation({
    summary: 'The encounter of a visit, with its prescriptions and addenda',
    description: READERS,
  })
  @ApiEnvelope(EncounterResponseDto)
  @ApiErrors(400, {
    404: ['APPOINTMENT_NOT_FOUND', 'ENCOUNTER_NOT_FOUND'],
    503: ['RECORD_INTEGRITY_ERROR'],
  })
  @ResponseMessage('Encounter')
  get(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<EncounterResponseDto> {
    return this.encounters.getForAppointment(ctxOf(user, request), id);
  }

  @Post('appointments/:id/encounter')
  @Auth(Role.Doctor)
  @ClinicalRoute({ resource: 'encounter', action: 'create' })
  @ApiOperation({
    summary: 'Write the encounter of a visit (its doctor, once)',
    description:
      'The appointment’s doctor, for a confirmed or completed visit (422 APPOINTMENT_NOT_ATTENDED ' +
      'otherwise), once per appointment (409 ENCOUNTER_EXISTS). Every field is optional; the ' +
      'notes can be changed for 24 hours. Another doctor’s appointment is 404. Audited.',
  })
  @ApiEnvelope(EncounterResponseDto, { status: 201 })
  @ApiErrors(400, {
    404: ['APPOINTMENT_NOT_FOUND'],
    409: ['ENCOUNTER_EXISTS', 'CONFLICT_RETRY'],
    422: ['APPOINTMENT_NOT_ATTENDED'],
  })
  @ResponseMessage('Encounter written')
  create(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: CreateEncounterDto,
  ): Promise<EncounterResponseDto> {
    return this.encounters.create(ctxOf(user, request), id, dto);
  }

  @Patch('encounters/:id')
  @Auth(Role.Doctor)
  @ClinicalRoute({ resource: 'encounter', action: 'update', idParam: 'id' })
  @ApiOperation({
    summary: 'Change the notes or vitals, within 24 hours of writing',
    description:
      `${AUTHOR} Fields sent replace the stored ones (null clears one; vitals are replaced as a ` +
      'whole); the replaced version is kept. After 24 hours: 409 ENCOUNTER_LOCKED (add an ' +
      'addendum instead); an entered-in-error encounter: 409 ENCOUNTER_ENTERED_IN_ERROR.',
  })
  @ApiEnvelope(EncounterResponseDto)
  @ApiErrors(400, {
    404: ['ENCOUNTER_NOT_FOUND'],
    409: ['ENCOUNTER_LOCKED', 'ENCOUNTER_ENTERED_IN_ERROR', 'CONFLICT_RETRY'],
  })
  @ResponseMessage('Encounter updated')
  update(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: UpdateEncounterDto,
  ): Promise<EncounterResponseDto> {
    return this.encounters.update(ctxOf(user, request), id, dto);
  }

  @Post('encounters/:id/addenda')
  @Auth(Role.Doctor)
  @ClinicalRoute({ resource: 'encounter', action: 'amend', idParam: 'id' })
  @ApiOperation({
    summary: 'Amend an encounter (an addendum with its own author and time)',
    description: `${AUTHOR} Possible at any time; the notes themselves stay as they were.`,
  })
  @ApiEnvelope(EncounterResponseDto, { status: 201 })
  @ApiErrors(400, {
    404: ['ENCOUNTER_NOT_FOUND'],
    409: ['ENCOUNTER_ENTERED_IN_ERROR', 'CONFLICT_RETRY'],
  })
  @ResponseMessage('Addendum added')
  addAddendum(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: AddendumDto,
  ): Promise<EncounterResponseDto> {
    return this.encounters.addAddendum(ctxOf(user, request), id, dto.text);
  }

  @Post('encounters/:id/entered-in-error')
  @HttpCode(200)
  @Auth(Role.Doctor)
  @ClinicalRoute({ resource: 'encounter', action: 'entered_in_error', idParam: 'id' })
  @ApiOperation({
    summary: 'Mark an encounter entered-in-error, with a reason (it is kept, never deleted)',
    description: `${AUTHOR} Final: it can no longer be changed or amended.`,
  })
  @ApiEnvelope(EncounterResponseDto)
  @ApiErrors(400, {
    404: ['ENCOUNTER_NOT_FOUND'],
    409: ['ENCOUNTER_ENTERED_IN_ERROR', 'CONFLICT_RETRY'],
  })
  @ResponseMessage('Encounter marked entered-in-error')
  enteredInError(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<EncounterResponseDto> {
    return this.encounters.markEnteredInError(ctxOf(user, request), id, dto.reason);
  }

  @Post('encounters/:id/prescriptions')
  @Auth(Role.Doctor)
  @ClinicalRoute({ resource: 'prescription', action: 'create' })
  @ApiOperation({
    summary: 'Prescribe a medication at an encounter (status active)',
    description: `${AUTHOR} Within the encounter’s 24 hours (409 ENCOUNTER_LOCKED after).`,
  })
  @ApiEnvelope(PrescriptionResponseDto, { status: 201 })
  @ApiErrors(400, {
    404: ['ENCOUNTER_NOT_FOUND'],
    409: ['ENCOUNTER_LOCKED', 'ENCOUNTER_ENTERED_IN_ERROR', 'CONFLICT_RETRY'],
  })
  @ResponseMessage('Prescription written')
  prescribe(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: CreatePrescriptionDto,
  ): Promise<PrescriptionResponseDto> {
    return this.encounters.addPrescription(ctxOf(user, request), id, dto);
  }

  @Patch('prescriptions/:id')
  @Auth(Role.Doctor)
  @ClinicalRoute({ resource: 'prescription', action: 'update', idParam: 'id' })
  @ApiOperation({
    summary: 'Complete, stop or mark a prescription entered-in-error',
    description:
      'The prescriber only (anyone else’s is 404). active -> completed / stopped / ' +
      'entered-in-error; completed or stopped -> entered-in-error; anything else is 409 ' +
      'INVALID_PRESCRIPTION_TRANSITION. Stopping and entered-in-error need a reason. Audited.',
  })
  @ApiEnvelope(PrescriptionResponseDto)
  @ApiErrors(400, {
    404: ['PRESCRIPTION_NOT_FOUND'],
    409: ['INVALID_PRESCRIPTION_TRANSITION', 'CONFLICT_RETRY'],
  })
  @ResponseMessage('Prescription updated')
  updatePrescription(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: UpdatePrescriptionDto,
  ): Promise<PrescriptionResponseDto> {
    return this.encounters.updatePrescription(ctxOf(user, request), id, dto);
  }
}

@ApiTags(ApiTag.MedicalRecords)
@Controller()
export class PatientRecordsController {
  constructor(
    private readonly patients: PatientRecordsService,
    private readonly encounters: EncountersService,
  ) {}

  @Get('patients/:id')
  @Auth()
  @ClinicalRoute({ resource: 'patient', action: 'read', idParam: 'id', idIsPatient: true })
  @ApiOperation({
    summary: 'A patient’s chart: profile, health history, documents and latest encounters',
    description: READERS,
  })
  @ApiEnvelope(PatientRecordDto)
  @ApiErrors(400, { 404: ['PATIENT_NOT_FOUND'], 503: ['RECORD_INTEGRITY_ERROR'] })
  @ResponseMessage('Patient record')
  chart(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<PatientRecordDto> {
    return this.patients.getChart(ctxOf(user, request), id);
  }

  @Get('patients/:id/encounters')
  @Auth()
  @ClinicalRoute({ resource: 'encounter', action: 'list', idParam: 'id', idIsPatient: true })
  @ApiOperation({
    summary: 'A patient’s encounters, newest visit first (with prescriptions and addenda)',
    description: READERS,
  })
  @ApiPageEnvelope(EncounterResponseDto)
  @ApiErrors(400, { 404: ['PATIENT_NOT_FOUND'], 503: ['RECORD_INTEGRITY_ERROR'] })
  @ResponseMessage('Encounters')
  encountersOf(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Param('id', ParseObjectIdPipe) id: string,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<EncounterResponseDto>> {
    return this.encounters.listForPatient(ctxOf(user, request), id, query);
  }

  @Get('patients/:id/documents')
  @Auth()
  @ClinicalRoute({ resource: 'document', action: 'list', idParam: 'id', idIsPatient: true })
  @ApiOperation({ summary: 'A patient’s uploaded documents, newest first', description: READERS })
  @ApiPageEnvelope(MedicalDocumentDto)
  @ApiErrors(400, { 404: ['PATIENT_NOT_FOUND'], 503: ['RECORD_INTEGRITY_ERROR'] })
  @ResponseMessage('Documents')
  documentsOf(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Param('id', ParseObjectIdPipe) id: string,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<MedicalDocumentDto>> {
    return this.patients.listDocuments(ctxOf(user, request), id, query);
  }

  @Get('documents/:id/content')
  @Auth()
  @ClinicalRoute({ resource: 'document', action: 'read', idParam: 'id' })
  @ApiOperation({
    summary: 'Download a document (the file as uploaded)',
    description: `${READERS} Sent as an attachment with Cache-Control: no-store.`,
  })
  // The 200 alone is the file; an operation-wide @ApiProduces would also label the JSON
  // error envelopes as a PDF or an image.
  @ApiOkResponse({
    description: 'The file as uploaded (attachment, `Cache-Control: no-store`)',
    content: {
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
      'image/jpeg': { schema: { type: 'string', format: 'binary' } },
      'image/png': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrors(400, { 404: ['DOCUMENT_NOT_FOUND'], 503: ['RECORD_INTEGRITY_ERROR'] })
  async download(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Param('id', ParseObjectIdPipe) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const doc = await this.patients.readDocument(ctxOf(user, request), id);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="${doc.fileName}"`);
    res.status(200).type(doc.contentType).send(doc.bytes);
  }
}

@ApiTags(ApiTag.MedicalRecords)
@Controller('me')
export class OwnRecordsController {
  constructor(private readonly patients: PatientRecordsService) {}

  @Get('health-profile')
  @Auth(Role.Patient)
  @ClinicalRoute({ resource: 'health_profile', action: 'read' })
  @ApiOperation({
    summary: 'Your health history: allergies, chronic conditions, current medications',
    description: 'Empty lists and updatedAt null until first saved. Audited.',
  })
  @ApiEnvelope(HealthProfileResponseDto)
  @ApiErrors(400, { 503: ['RECORD_INTEGRITY_ERROR'] })
  @ResponseMessage('Health profile')
  getHealthProfile(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
  ): Promise<HealthProfileResponseDto> {
    return this.patients.getOwnHealthProfile(ctxOf(user, request));
  }

  @Put('health-profile')
  @Auth(Role.Patient)
  @ClinicalRoute({ resource: 'health_profile', action: 'update' })
  @ApiOperation({
    summary: 'Replace your health history',
    description:
      'The three lists as a whole (at most 50 entries each); send what you want to keep. ' +
      'Your doctors read it with your record. Audited.',
  })
  @ApiEnvelope(HealthProfileResponseDto)
  @ApiErrors(400, { 409: ['CONFLICT_RETRY'] })
  @ResponseMessage('Health profile saved')
  putHealthProfile(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Body() dto: PutHealthProfileDto,
  ): Promise<HealthProfileResponseDto> {
    return this.patients.putOwnHealthProfile(ctxOf(user, request), dto);
  }

  @Post('documents')
  @Auth(Role.Patient)
  @ClinicalRoute({ resource: 'document', action: 'create' })
  @DocumentUpload('file')
  @ApiBody({ schema: DOCUMENT_MULTIPART_SCHEMA })
  @ApiOperation({
    summary: 'Add a document to your record (PDF, JPEG or PNG)',
    description:
      'multipart/form-data with `file` and an optional `title`. The type is read from the ' +
      'content (the declared type and name are ignored): anything else is 400 ' +
      'UNSUPPORTED_DOCUMENT_TYPE; larger than RECORDS_DOCUMENT_MAX_BYTES is 413 ' +
      'DOCUMENT_TOO_LARGE. Stored encrypted, readable by you and the doctors caring for you. Audited.',
  })
  @ApiEnvelope(MedicalDocumentDto, { status: 201 })
  @ApiErrors(400, {
    400: ['DOCUMENT_REQUIRED', 'UNSUPPORTED_DOCUMENT_TYPE', 'VALIDATION_FAILED'],
    413: ['DOCUMENT_TOO_LARGE', 'PAYLOAD_TOO_LARGE'],
  })
  @ResponseMessage('Document added')
  upload(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @UploadedFile() file: UploadedDocument | undefined,
    @Body() dto: UploadDocumentDto,
  ): Promise<MedicalDocumentDto> {
    return this.patients.uploadDocument(ctxOf(user, request), file, dto.title);
  }

  @Get('documents')
  @Auth(Role.Patient)
  @ClinicalRoute({ resource: 'document', action: 'list' })
  @ApiOperation({ summary: 'Your documents, newest first (download: GET /documents/:id/content)' })
  @ApiPageEnvelope(MedicalDocumentDto)
  @ApiErrors(400, { 503: ['RECORD_INTEGRITY_ERROR'] })
  @ResponseMessage('Your documents')
  documents(
    @CurrentUser() user: AuthUser,
    @ClinicalRequest() request: AccessRequestContext,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<MedicalDocumentDto>> {
    return this.patients.listDocuments(ctxOf(user, request), user.id, query);
  }
}
