import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PRESCRIPTION_STATUSES, type PrescriptionStatus } from '../domain/prescription-status';
import { reasonRequired } from '../domain/prescription-status';

export const MAX_NOTE_TEXT = 4000;
export const MAX_SHORT_TEXT = 200;
export const MAX_REASON = 500;
export const MAX_LIST_ITEMS = 50;

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

const finite = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 };

/** A note field: trimmed text; in an update, null clears it. */
function NoteText(max: number, example: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: String, nullable: true, maxLength: max, example })(target, key);
    IsOptional()(target, key);
    Transform(trim)(target, key);
    ValidateIf((_, v) => v !== null)(target, key);
    IsString()(target, key);
    MaxLength(max)(target, key);
  };
}

export class BloodPressureInputDto {
  @ApiProperty({ minimum: 20, maximum: 300, example: 120, description: 'mmHg' })
  @IsNumber(finite)
  @Min(20)
  @Max(300)
  systolic!: number;

  @ApiProperty({ minimum: 10, maximum: 250, example: 80, description: 'mmHg' })
  @IsNumber(finite)
  @Min(10)
  @Max(250)
  diastolic!: number;
}

/** Vital signs in fixed units (FHIR vital-signs Observation names); every one optional. */
export class VitalsInputDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 400, example: 72, description: 'beats/min' })
  @IsOptional()
  @IsNumber(finite)
  @Min(1)
  @Max(400)
  heartRate?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, example: 16, description: 'breaths/min' })
  @IsOptional()
  @IsNumber(finite)
  @Min(1)
  @Max(200)
  respiratoryRate?: number;

  @ApiPropertyOptional({ type: BloodPressureInputDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BloodPressureInputDto)
  bloodPressure?: BloodPressureInputDto;

  @ApiPropertyOptional({ minimum: 25, maximum: 45, example: 37.2, description: '°C' })
  @IsOptional()
  @IsNumber(finite)
  @Min(25)
  @Max(45)
  bodyTemperature?: number;

  @ApiPropertyOptional({ minimum: 0.1, maximum: 700, example: 70.5, description: 'kg' })
  @IsOptional()
  @IsNumber(finite)
  @Min(0.1)
  @Max(700)
  bodyWeight?: number;

  @ApiPropertyOptional({ minimum: 10, maximum: 300, example: 172, description: 'cm' })
  @IsOptional()
  @IsNumber(finite)
  @Min(10)
  @Max(300)
  bodyHeight?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 98, description: '%' })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(100)
  oxygenSaturation?: number;
}

export class EncounterNoteInputDto {
  @NoteText(MAX_REASON, 'Cough for three weeks')
  chiefComplaint?: string | null;

  @NoteText(MAX_NOTE_TEXT, 'Scattered wheeze, no fever')
  findings?: string | null;

  @NoteText(MAX_NOTE_TEXT, 'Acute bronchitis')
  diagnosis?: string | null;

  @NoteText(MAX_NOTE_TEXT, 'Rest, fluids, review in one week')
  plan?: string | null;

  @ApiPropertyOptional({
    type: VitalsInputDto,
    nullable: true,
    description: 'Replaces the recorded vitals as a whole; null clears them',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => VitalsInputDto)
  vitals?: VitalsInputDto | null;
}

/** The encounter's first notes (every field optional: they can be completed within 24 h). */
export class CreateEncounterDto extends EncounterNoteInputDto {}

/** Changes to the notes within 24 h of writing; omitted fields stay, null clears one. */
export class UpdateEncounterDto extends EncounterNoteInputDto {}

export class AddendumDto {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_NOTE_TEXT,
    example: 'Lab results: CRP normal; diagnosis unchanged.',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_NOTE_TEXT)
  text!: string;
}

export class EnteredInErrorDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_REASON, example: 'Written on the wrong patient' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_REASON)
  reason!: string;
}

/** A medication order (FHIR MedicationRequest, flattened). */
export class CreatePrescriptionDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_SHORT_TEXT, example: 'Amoxicillin 500 mg capsule' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SHORT_TEXT)
  medication!: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: '1 capsule' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  dose!: string;

  @ApiPropertyOptional({ maxLength: 50, example: 'oral' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(50)
  route?: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'three times a day' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  frequency!: string;

  @ApiPropertyOptional({ maxLength: 100, example: '7 days' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  duration?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100_000, example: 21 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity?: number;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Take after food' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  instructions?: string;
}

const NEXT_STATUSES = PRESCRIPTION_STATUSES.filter((s) => s !== 'active');

export class UpdatePrescriptionDto {
  @ApiProperty({ enum: NEXT_STATUSES, enumName: 'PrescriptionNextStatus', example: 'stopped' })
  @IsIn(NEXT_STATUSES)
  status!: Exclude<PrescriptionStatus, 'active'>;

  @ApiPropertyOptional({
    maxLength: MAX_REASON,
    example: 'Rash after the second dose',
    description: 'Required to stop a medication or mark it entered-in-error',
  })
  @ValidateIf((o: UpdatePrescriptionDto, v) => v !== undefined || reasonRequired(o.status))
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_REASON)
  reason?: string;
}

export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe'] as const;

export class AllergyDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_SHORT_TEXT, example: 'Penicillin' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SHORT_TEXT)
  substance!: string;

  @ApiPropertyOptional({ maxLength: MAX_SHORT_TEXT, example: 'Hives' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_SHORT_TEXT)
  reaction?: string;

  @ApiPropertyOptional({ enum: ALLERGY_SEVERITIES, enumName: 'AllergySeverity', example: 'severe' })
  @IsOptional()
  @IsIn(ALLERGY_SEVERITIES)
  severity?: (typeof ALLERGY_SEVERITIES)[number];
}

export class ConditionDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_SHORT_TEXT, example: 'Asthma' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SHORT_TEXT)
  name!: string;

  @ApiPropertyOptional({ maxLength: 50, example: '2015', description: 'Since when (free text)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(50)
  since?: string;

  @ApiPropertyOptional({ maxLength: MAX_REASON, example: 'Mild, seasonal' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_REASON)
  note?: string;
}

export class CurrentMedicationDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_SHORT_TEXT, example: 'Salbutamol inhaler' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SHORT_TEXT)
  medication!: string;

  @ApiPropertyOptional({ maxLength: 100, example: '2 puffs' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  dose?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'as needed' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  frequency?: string;
}

/** The whole health history, replaced by each PUT (send the lists you want to keep). */
export class PutHealthProfileDto {
  @ApiProperty({ type: [AllergyDto], maxItems: MAX_LIST_ITEMS })
  @IsArray()
  @ArrayMaxSize(MAX_LIST_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => AllergyDto)
  allergies!: AllergyDto[];

  @ApiProperty({ type: [ConditionDto], maxItems: MAX_LIST_ITEMS })
  @IsArray()
  @ArrayMaxSize(MAX_LIST_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  chronicConditions!: ConditionDto[];

  @ApiProperty({ type: [CurrentMedicationDto], maxItems: MAX_LIST_ITEMS })
  @IsArray()
  @ArrayMaxSize(MAX_LIST_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => CurrentMedicationDto)
  currentMedications!: CurrentMedicationDto[];
}

/** The text fields of the document upload form (the file itself is the `file` part). */
export class UploadDocumentDto {
  @ApiPropertyOptional({ maxLength: MAX_SHORT_TEXT, example: 'Blood test, November' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_SHORT_TEXT)
  title?: string;
}

/** The upload form as Swagger shows it. */
export const DOCUMENT_MULTIPART_SCHEMA = {
  type: 'object',
  required: ['file'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description: 'PDF, JPEG or PNG (checked by content), at most RECORDS_DOCUMENT_MAX_BYTES',
    },
    title: { type: 'string', maxLength: MAX_SHORT_TEXT, example: 'Blood test, November' },
  },
};
