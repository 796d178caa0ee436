import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { ClinicalRoute } from '../../common/auth/clinical-route';
import { CommonErrorCode } from '../../common/errors/error-codes';
import { NoQueryParameters } from '../../common/pipes/no-query-parameters.pipe';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { StrictThrottle } from '../../common/decorators/strict-throttle.decorator';
import { ApiErrors } from '../../common/swagger/api-responses.decorator';
import { ApiTag } from '../../common/swagger/api-tags';
import type { AccessRequestContext } from '../clinical-access/clinical-access.types';
import { exportFileName } from './domain/export-document';
import { PersonalDataExportDto } from './dto/personal-data-export.dto';
import { PersonalDataExportService } from './personal-data-export.service';
import { AuditRequest } from './audit-request.decorator';

@ApiTags(ApiTag.Privacy)
@ApiExtraModels(PersonalDataExportDto)
@Controller('me')
export class PrivacyController {
  constructor(private readonly exports: PersonalDataExportService) {}

  @Get('export')
  @Auth()
  @ClinicalRoute({ resource: 'export', action: 'export' })
  // Each export reads every module's collections: the strict (sign-in) rate limit, not the
  // default one, so a stolen token cannot be used to hammer the database.
  @StrictThrottle()
  @ApiOperation({
    summary: 'Download everything the platform holds about the caller (GDPR Art. 15/20)',
    description:
      'One JSON file (`Content-Disposition: attachment`), not wrapped in the response ' +
      'envelope: the profile, appointments, payments, refunds and invoices, reviews and ' +
      'reports filed, notifications and preferences, follows, waitlist entries and offers, ' +
      'whether a calendar feed exists, sessions, the doctor profile and application (doctors), ' +
      'medical records and who accessed them. Only the caller’s own data: there is no way to ' +
      'name another user (any query parameter is 400 VALIDATION_FAILED). Every export is ' +
      'recorded in the clinical access audit. Under the strict rate limit (THROTTLE_AUTH_*).',
  })
  @ApiOkResponse({
    description: 'The export file (`application/json`)',
    content: { 'application/json': { schema: { $ref: getSchemaPath(PersonalDataExportDto) } } },
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="docbook-export-<user id>-<date>.json"',
        schema: { type: 'string' },
      },
    },
  })
  @ApiErrors(429, { 400: [CommonErrorCode.ValidationFailed] })
  async export(
    @CurrentUser() caller: AuthUser,
    @AuditRequest() request: AccessRequestContext,
    @Query(NoQueryParameters) _query: void,
  ): Promise<StreamableFile> {
    const doc = await this.exports.exportFor(caller, request);
    const generatedAt = new Date(doc.generatedAt);
    return new StreamableFile(Buffer.from(JSON.stringify(doc, null, 2), 'utf8'), {
      type: 'application/json; charset=utf-8',
      disposition: `attachment; filename="${exportFileName(caller.id, generatedAt)}"`,
    });
  }
}
