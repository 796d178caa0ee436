import { ApiProperty } from '@nestjs/swagger';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from '../domain/export-document';

export class ExportSubjectDto {
  @ApiProperty({ example: '65a1b2c3d4e5f60718293a4b' })
  userId!: string;

  @ApiProperty({ enum: ['patient', 'doctor', 'admin'], example: 'patient' })
  role!: string;
}

/** The export file. Each section is typed by the module that owns its data. */
export class PersonalDataExportDto {
  @ApiProperty({ enum: [EXPORT_FORMAT], example: EXPORT_FORMAT })
  format!: typeof EXPORT_FORMAT;

  @ApiProperty({ enum: [EXPORT_FORMAT_VERSION], example: EXPORT_FORMAT_VERSION })
  version!: typeof EXPORT_FORMAT_VERSION;

  @ApiProperty({ format: 'date-time', example: '2026-12-02T05:00:00.000Z' })
  generatedAt!: string;

  @ApiProperty({ type: ExportSubjectDto })
  subject!: ExportSubjectDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'One key per section, in name order: `account` (profile), `appointments` (`asPatient`, ' +
      '`asDoctor`), `auth` (sessions: device, IP, times; password reset requests: times only), ' +
      '`availability` (a doctor’s hours and date overrides), `calendarFeed` (whether a feed ' +
      'exists, never its token), `clinicalAccessLog` (who accessed the caller’s record, when, ' +
      'why, with what outcome), `doctor` (profile and applications), `follows`, ' +
      '`notifications` (inbox, e-mails sent, preferences), `payments` (payments, refunds, ' +
      'invoices and credit notes), `reviews` (written, received, reports filed), `waitlist` ' +
      '(entries and offers), plus the medical records sections. Never present: password ' +
      'hashes, token hashes, reset codes, provider secrets or webhook payloads.',
    example: { account: { id: '65a1b2c3d4e5f60718293a4b', email: 'ravi@example.com' } },
  })
  sections!: Record<string, unknown>;
}
