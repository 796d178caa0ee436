import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser } from '../../common/auth/auth-user';
import { ClinicalRoute } from '../../common/auth/clinical-route';
import { Role } from '../../common/auth/role.enum';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Origin, type RequestOrigin } from '../../common/decorators/request-origin.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import type { Page } from '../../common/dto/pagination.dto';
import {
  ApiEnvelope,
  ApiErrors,
  ApiPageEnvelope,
} from '../../common/swagger/api-responses.decorator';
import { ApiTag } from '../../common/swagger/api-tags';
import { BreakGlassService } from './break-glass.service';
import {
  toAuditEntryResponse,
  toBreakGlassGrantResponse,
  toChainReportResponse,
} from './clinical-access.mapper';
import { ClinicalAuditService } from './clinical-audit.service';
import {
  AuditEntryDto,
  AuditQueryDto,
  BreakGlassGrantDto,
  ChainReportDto,
  CreateBreakGlassDto,
} from './dto/audit.dto';

@ApiTags(ApiTag.AdminAudit)
@Auth(Role.Admin)
@Controller('admin')
export class AdminAuditController {
  constructor(
    private readonly audit: ClinicalAuditService,
    private readonly breakGlass: BreakGlassService,
  ) {}

  @Get('audit')
  @ClinicalRoute({ resource: 'record_access', action: 'list' })
  @ApiOperation({
    summary: 'The clinical access audit log, newest first, with filters',
    description:
      'Every read, write and refused attempt on clinical data. Filters combine (AND); `from` ' +
      'is inclusive, `to` exclusive. Entries never hold clinical values. The query itself is ' +
      'recorded (purpose `audit`).',
  })
  @ApiPageEnvelope(AuditEntryDto)
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_ID', 'INVALID_DATE_RANGE'] })
  @ResponseMessage('Audit entries')
  async list(
    @CurrentUser() caller: AuthUser,
    @Query() query: AuditQueryDto,
    @Origin() origin: RequestOrigin,
  ): Promise<Page<AuditEntryDto>> {
    const page = await this.audit.list(
      { userId: caller.id, role: caller.role },
      {
        page: query.page,
        limit: query.limit,
        patientId: query.patientId,
        actorId: query.actorId,
        action: query.action,
        outcome: query.outcome,
        resourceType: query.resourceType,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      },
      origin,
    );
    return { ...page, items: page.items.map(toAuditEntryResponse) };
  }

  @Get('audit/verify')
  @ApiOperation({
    summary: 'Check the audit log against its hash chain',
    description:
      'Walks every entry from the first to the head and reports the first broken link: an ' +
      'edited entry (`hash_mismatch`), a deleted one (`missing_entry`), one removed or moved ' +
      '(`prev_hash_mismatch`) or a replaced end (`head_mismatch`).',
  })
  @ApiEnvelope(ChainReportDto)
  @ResponseMessage('Audit chain checked')
  async verify(): Promise<ChainReportDto> {
    return toChainReportResponse(await this.audit.verifyChain());
  }

  @Post('break-glass')
  @ClinicalRoute({ resource: 'break_glass', action: 'grant' })
  @ApiOperation({
    summary: "Break-glass: time-boxed read access to one patient's medical record",
    description:
      'Admins have no clinical access otherwise. The grant lasts BREAK_GLASS_MINUTES, is ' +
      'recorded in the audit (resource `break_glass`, purpose `break_glass`) and announced to ' +
      'the patient in the app and by e-mail. Each call opens a new grant.',
  })
  @ApiEnvelope(BreakGlassGrantDto, { status: 201 })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_ID'], 404: ['PATIENT_NOT_FOUND'] })
  @ResponseMessage('Break-glass access granted')
  async grant(
    @CurrentUser() caller: AuthUser,
    @Body() body: CreateBreakGlassDto,
    @Origin() origin: RequestOrigin,
  ): Promise<BreakGlassGrantDto> {
    return toBreakGlassGrantResponse(await this.breakGlass.grant(caller.id, body, origin));
  }

  @Get('break-glass')
  @ApiOperation({ summary: "The caller's open break-glass grants, latest-expiring first" })
  @ApiEnvelope(BreakGlassGrantDto, { isArray: true })
  @ResponseMessage('Open break-glass grants')
  async mine(@CurrentUser() caller: AuthUser): Promise<BreakGlassGrantDto[]> {
    return (await this.breakGlass.activeOf(caller.id)).map(toBreakGlassGrantResponse);
  }
}
