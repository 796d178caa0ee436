import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRESCRIPTION_STATUSES, type PrescriptionStatus } from '../domain/prescription-status';
import { ENCOUNTER_STATUSES, type EncounterStatus } from '../schemas/encounter.schema';
import { ALLERGY_SEVERITIES } from './records-request.dto';

const ID = '665f1c2e8f1b2a0012345678';

/** A measured value with its UCUM unit (FHIR Quantity). */
export class QuantityDto {
  @ApiProperty({ example: 72 })
  value!: number;

  @ApiProperty({ example: '/min' })
  unit!: string;
}

export class BloodPressureDto {
  @ApiProperty({ example: 120 })
  systolic!: number;

  @ApiProperty({ example: 80 })
  diastolic!: number;

  @ApiProperty({ example: 'mm[Hg]' })
  unit!: string;
}

/** The vitals recorded at the visit; a sign not measured is absent. */
export class VitalsDto {
  @ApiPropertyOptional({ type: QuantityDto, description: 'unit /min' })
  heartRate?: QuantityDto;

  @ApiPropertyOptional({ type: QuantityDto, description: 'unit /min' })
  respiratoryRate?: QuantityDto;

  @ApiPropertyOptional({ type: BloodPressureDto })
  bloodPressure?: BloodPressureDto;

  @ApiPropertyOptional({ type: QuantityDto, description: 'unit Cel' })
  bodyTemperature?: QuantityDto;

  @ApiPropertyOptional({ type: QuantityDto, description: 'unit kg' })
  bodyWeight?: QuantityDto;

  @ApiPropertyOptional({ type: QuantityDto, description: 'unit cm' })
  bodyHeight?: QuantityDto;

  @ApiPropertyOptional({ type: QuantityDto, description: 'unit %' })
  oxygenSaturation?: QuantityDto;
}

export class AddendumResponseDto {
  @ApiProperty({ example: ID })
  id!: string;

  @ApiProperty({ example: ID, description: 'The doctor who wrote it' })
  authorId!: string;

  @ApiProperty({ example: 'Lab results: CRP normal; diagnosis unchanged.' })
  text!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export class StatusReasonDto {
  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ example: ID })
  by!: string;

  @ApiProperty({ example: 'Written on the wrong patient' })
  reason!: string;
}

export class PrescriptionStatusChangeDto {
  @ApiProperty({ enum: PRESCRIPTION_STATUSES, enumName: 'PrescriptionStatus' })
  status!: PrescriptionStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ example: ID })
  by!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  reason!: string | null;
}

/** A medication order (FHIR MedicationRequest, flattened). */
export class PrescriptionResponseDto {
  @ApiProperty({ example: ID })
  id!: string;

  @ApiProperty({ example: ID })
  encounterId!: string;

  @ApiProperty({ example: ID })
  patientId!: string;

  @ApiProperty({ example: ID, description: 'The prescriber' })
  requesterId!: string;

  @ApiProperty({ enum: PRESCRIPTION_STATUSES, enumName: 'PrescriptionStatus', example: 'active' })
  status!: PrescriptionStatus;

  @ApiProperty({ example: 'Amoxicillin 500 mg capsule' })
  medication!: string;

  @ApiProperty({ example: '1 capsule' })
  dose!: string;

  @ApiProperty({ type: String, nullable: true, example: 'oral' })
  route!: string | null;

  @ApiProperty({ example: 'three times a day' })
  frequency!: string;

  @ApiProperty({ type: String, nullable: true, example: '7 days' })
  duration!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 21 })
  quantity!: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'Take after food' })
  instructions!: string | null;

  @ApiProperty({ type: String, format: 'date-time', description: 'When it was prescribed' })
  authoredOn!: string;

  @ApiProperty({ type: [PrescriptionStatusChangeDto] })
  statusHistory!: PrescriptionStatusChangeDto[];
}

/** One visit's clinical record (FHIR Encounter), with its prescriptions and addenda. */
export class EncounterResponseDto {
  @ApiProperty({ example: ID })
  id!: string;

  @ApiProperty({ example: ID })
  appointmentId!: string;

  @ApiProperty({ example: ID })
  patientId!: string;

  @ApiProperty({ example: ID, description: 'The author (the appointment’s doctor)' })
  doctorId!: string;

  @ApiProperty({ enum: ENCOUNTER_STATUSES, enumName: 'EncounterStatus', example: 'finished' })
  status!: EncounterStatus;

  @ApiProperty({ type: String, format: 'date-time', description: 'The visit’s start' })
  periodStart!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  periodEnd!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Cough for three weeks' })
  chiefComplaint!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Scattered wheeze, no fever' })
  findings!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Acute bronchitis' })
  diagnosis!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Rest, fluids, review in one week' })
  plan!: string | null;

  @ApiProperty({ type: VitalsDto })
  vitals!: VitalsDto;

  @ApiProperty({ type: String, format: 'date-time', description: 'Notes editable until then' })
  editableUntil!: string;

  @ApiProperty({ example: false, description: 'Past the 24 h window: only addenda from now on' })
  locked!: boolean;

  @ApiProperty({ type: StatusReasonDto, nullable: true })
  enteredInError!: StatusReasonDto | null;

  @ApiProperty({ type: [AddendumResponseDto] })
  addenda!: AddendumResponseDto[];

  @ApiProperty({ type: [PrescriptionResponseDto] })
  prescriptions!: PrescriptionResponseDto[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}

export class AllergyResponseDto {
  @ApiProperty({ example: 'Penicillin' })
  substance!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Hives' })
  reaction!: string | null;

  @ApiProperty({
    enum: ALLERGY_SEVERITIES,
    enumName: 'AllergySeverity',
    nullable: true,
    example: 'severe',
  })
  severity!: (typeof ALLERGY_SEVERITIES)[number] | null;
}

export class ConditionResponseDto {
  @ApiProperty({ example: 'Asthma' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: '2015' })
  since!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  note!: string | null;
}

export class CurrentMedicationResponseDto {
  @ApiProperty({ example: 'Salbutamol inhaler' })
  medication!: string;

  @ApiProperty({ type: String, nullable: true, example: '2 puffs' })
  dose!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'as needed' })
  frequency!: string | null;
}

export class HealthProfileResponseDto {
  @ApiProperty({ example: ID })
  patientId!: string;

  @ApiProperty({ type: [AllergyResponseDto] })
  allergies!: AllergyResponseDto[];

  @ApiProperty({ type: [ConditionResponseDto] })
  chronicConditions!: ConditionResponseDto[];

  @ApiProperty({ type: [CurrentMedicationResponseDto] })
  currentMedications!: CurrentMedicationResponseDto[];

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null until the patient first saves it',
  })
  updatedAt!: string | null;
}

export class MedicalDocumentDto {
  @ApiProperty({ example: ID })
  id!: string;

  @ApiProperty({ example: ID })
  patientId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Blood test, November' })
  title!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'blood-test.pdf',
    description: 'As uploaded; null once the account was purged',
  })
  fileName!: string | null;

  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'], example: 'application/pdf' })
  contentType!: string;

  @ApiProperty({ type: 'integer', example: 48213 })
  size!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export class PatientSummaryDto {
  @ApiProperty({ example: ID })
  id!: string;

  @ApiProperty({ example: 'Ravi Kumar', description: '"Deleted user" once the account was purged' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'male' })
  gender!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '1990-04-12' })
  dateOfBirth!: string | null;
}

/** A patient's chart: profile, health history, documents and the latest encounters. */
export class PatientRecordDto {
  @ApiProperty({ type: PatientSummaryDto })
  patient!: PatientSummaryDto;

  @ApiProperty({ type: HealthProfileResponseDto })
  healthProfile!: HealthProfileResponseDto;

  @ApiProperty({ type: [MedicalDocumentDto], description: 'The 20 latest, newest first' })
  documents!: MedicalDocumentDto[];

  @ApiProperty({
    type: [EncounterResponseDto],
    description: 'The 20 latest visits, newest first (all: GET /patients/:id/encounters)',
  })
  encounters!: EncounterResponseDto[];

  @ApiProperty({ type: 'integer', example: 3 })
  encountersTotal!: number;
}
