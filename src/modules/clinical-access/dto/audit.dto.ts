import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsMongoId, IsOptional, IsString, Length } from 'class-validator';
import { PaginationQueryDto } from '../../../common/dto/pagination.dto';
import {
  ACCESS_OUTCOMES,
  ACCESS_PURPOSES,
  CLINICAL_ACTIONS,
  CLINICAL_RESOURCE_TYPES,
  type AccessOutcome,
  type AccessPurpose,
  type ClinicalAction,
  type ClinicalResourceType,
} from '../clinical-access.types';
import { CHAIN_BREAK_REASONS, type ChainBreakReason } from '../domain/audit-chain';

const ACTOR_ROLES = ['patient', 'doctor', 'admin', 'anonymous'] as const;
const ID_EXAMPLE = '665f1c2e8f1b2a0012345678';

export class AuditQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: ID_EXAMPLE, description: 'Whose record was accessed' })
  @IsOptional()
  @IsMongoId()
  patientId?: string;

  @ApiPropertyOptional({ example: ID_EXAMPLE, description: 'Who accessed it (a user id)' })
  @IsOptional()
  @IsMongoId()
  actorId?: string;

  @ApiPropertyOptional({ enum: CLINICAL_ACTIONS, enumName: 'ClinicalAction' })
  @IsOptional()
  @IsIn(CLINICAL_ACTIONS)
  action?: ClinicalAction;

  @ApiPropertyOptional({ enum: ACCESS_OUTCOMES, enumName: 'AccessOutcome' })
  @IsOptional()
  @IsIn(ACCESS_OUTCOMES)
  outcome?: AccessOutcome;

  @ApiPropertyOptional({ enum: CLINICAL_RESOURCE_TYPES, enumName: 'ClinicalResourceType' })
  @IsOptional()
  @IsIn(CLINICAL_RESOURCE_TYPES)
  resourceType?: ClinicalResourceType;

  @ApiPropertyOptional({ description: 'At or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Before this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditActorDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: ID_EXAMPLE,
    description: 'null: anonymous',
  })
  id!: string | null;

  @ApiProperty({ enum: ACTOR_ROLES })
  role!: string;
}

export class AuditResourceDto {
  @ApiProperty({ enum: CLINICAL_RESOURCE_TYPES, enumName: 'ClinicalResourceType' })
  type!: ClinicalResourceType;

  @ApiProperty({ type: String, nullable: true, example: ID_EXAMPLE })
  id!: string | null;
}

export class AuditEntryDto {
  @ApiProperty({ example: ID_EXAMPLE })
  id!: string;

  @ApiProperty({ example: 42, description: 'Place in the hash chain (1, 2, 3, ...)' })
  seq!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ type: AuditActorDto })
  actor!: AuditActorDto;

  @ApiProperty({ type: String, nullable: true, example: ID_EXAMPLE })
  patientId!: string | null;

  @ApiProperty({ type: AuditResourceDto })
  resource!: AuditResourceDto;

  @ApiProperty({ enum: CLINICAL_ACTIONS, enumName: 'ClinicalAction' })
  action!: ClinicalAction;

  @ApiProperty({ enum: ACCESS_PURPOSES, enumName: 'AccessPurpose', nullable: true })
  purpose!: AccessPurpose | null;

  @ApiProperty({ enum: ACCESS_OUTCOMES, enumName: 'AccessOutcome' })
  outcome!: AccessOutcome;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'FORBIDDEN_ROLE',
    description: 'For a denial: the error code answered',
  })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The X-Request-Id of the request' })
  requestId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true, example: ID_EXAMPLE })
  breakGlassGrantId!: string | null;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  hash!: string;
}

export class ChainHeadDto {
  @ApiProperty({ example: 42 }) seq!: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  hash!: string;
}

export class ChainBreakDto {
  @ApiProperty({ example: 17, description: 'The sequence number where the chain first breaks' })
  seq!: number;

  @ApiProperty({ enum: CHAIN_BREAK_REASONS, enumName: 'AuditChainBreakReason' })
  reason!: ChainBreakReason;
}

export class ChainReportDto {
  @ApiProperty({ description: 'true when every entry up to the head is as it was appended' })
  intact!: boolean;

  @ApiProperty({ example: 42, description: 'Entries verified (up to the first break)' })
  checked!: number;

  @ApiProperty({
    type: ChainHeadDto,
    description: 'The head checked against; record its hash elsewhere to anchor the chain',
  })
  head!: ChainHeadDto;

  @ApiProperty({ type: ChainBreakDto, nullable: true })
  firstBreak!: ChainBreakDto | null;
}

export class RecordAccessActorDto {
  @ApiProperty({ enum: ACTOR_ROLES })
  role!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Dr. Asha Rao',
    description: "A doctor's name, yours, or 'Administrator'; null for anyone else",
  })
  name!: string | null;

  @ApiProperty({ description: 'The access was yours' })
  you!: boolean;
}

export class RecordAccessDto {
  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ type: RecordAccessActorDto })
  actor!: RecordAccessActorDto;

  @ApiProperty({ enum: CLINICAL_ACTIONS, enumName: 'ClinicalAction' })
  action!: ClinicalAction;

  @ApiProperty({ enum: CLINICAL_RESOURCE_TYPES, enumName: 'ClinicalResourceType' })
  resourceType!: ClinicalResourceType;

  @ApiProperty({ enum: ACCESS_PURPOSES, enumName: 'AccessPurpose', nullable: true })
  purpose!: AccessPurpose | null;

  @ApiProperty({ enum: ACCESS_OUTCOMES, enumName: 'AccessOutcome' })
  outcome!: AccessOutcome;
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const BREAK_GLASS_REASON_MIN = 10;
export const BREAK_GLASS_REASON_MAX = 500;

export class CreateBreakGlassDto {
  @ApiProperty({ example: ID_EXAMPLE, description: "The patient's user id" })
  @IsString()
  @IsMongoId()
  patientId!: string;

  @ApiProperty({
    example: 'Patient unconscious in the emergency ward; treating doctor unreachable',
    minLength: BREAK_GLASS_REASON_MIN,
    maxLength: BREAK_GLASS_REASON_MAX,
  })
  @Transform(trim)
  @IsString()
  @Length(BREAK_GLASS_REASON_MIN, BREAK_GLASS_REASON_MAX)
  reason!: string;
}

export class BreakGlassGrantDto {
  @ApiProperty({ example: ID_EXAMPLE })
  id!: string;

  @ApiProperty({ example: ID_EXAMPLE })
  patientId!: string;

  @ApiProperty({
    example: 'Patient unconscious in the emergency ward; treating doctor unreachable',
  })
  reason!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  grantedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'Read access ends then' })
  expiresAt!: string;
}
