import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';
import { type AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import type { Page } from '../../common/dto/pagination.dto';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import {
  ApiEnvelope,
  ApiErrors,
  ApiPageEnvelope,
} from '../../common/swagger/api-responses.decorator';
import { DoctorApplicationsService } from './doctor-applications.service';
import { ApplyForDoctorDto } from './dto/apply-for-doctor.dto';
import {
  DoctorApplicationDto,
  ListApplicationsQueryDto,
  RejectApplicationDto,
} from './dto/doctor-application.dto';
import { ApiTag } from '../../common/swagger/api-tags';

@ApiTags(ApiTag.DoctorApplications)
@Controller('doctor-applications')
export class DoctorApplicationsController {
  constructor(private readonly applications: DoctorApplicationsService) {}

  @Post()
  @Auth(Role.Patient)
  @ApiOperation({
    summary: 'Apply to practise as a doctor',
    description: 'One pending application per user (409 APPLICATION_ALREADY_PENDING).',
  })
  @ApiEnvelope(DoctorApplicationDto, { status: 201 })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'UNKNOWN_SPECIALITY'],
    409: ['APPLICATION_ALREADY_PENDING'],
  })
  @ResponseMessage('Application submitted')
  apply(
    @CurrentUser() caller: AuthUser,
    @Body() body: ApplyForDoctorDto,
  ): Promise<DoctorApplicationDto> {
    return this.applications.apply(caller.id, body);
  }

  @Get('me')
  @Auth(Role.Patient, Role.Doctor)
  @ApiOperation({ summary: 'The caller’s own applications, newest first' })
  @ApiEnvelope(DoctorApplicationDto, { isArray: true })
  @ResponseMessage('Applications')
  mine(@CurrentUser() caller: AuthUser): Promise<DoctorApplicationDto[]> {
    return this.applications.listOwn(caller.id);
  }
}

@ApiTags(ApiTag.AdminDoctorApplications)
@Auth(Role.Admin)
@Controller('admin/doctor-applications')
export class AdminDoctorApplicationsController {
  constructor(private readonly applications: DoctorApplicationsService) {}

  @Get()
  @ApiOperation({ summary: 'Applications, newest first, optionally by status' })
  @ApiPageEnvelope(DoctorApplicationDto)
  @ApiErrors(400)
  @ResponseMessage('Applications')
  list(@Query() query: ListApplicationsQueryDto): Promise<Page<DoctorApplicationDto>> {
    return this.applications.list(query);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve a pending application',
    description:
      'The applicant becomes a doctor with an approved, visible profile. 409 if the ' +
      'application is not pending; 422 if the applicant is no longer an active patient.',
  })
  @ApiEnvelope(DoctorApplicationDto)
  @ApiErrors(400, {
    404: ['APPLICATION_NOT_FOUND'],
    409: ['APPLICATION_NOT_PENDING'],
    422: ['APPLICANT_NOT_ELIGIBLE'],
  })
  @ResponseMessage('Application approved')
  approve(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<DoctorApplicationDto> {
    return this.applications.approve(caller.id, id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a pending application with a reason (409 if not pending)' })
  @ApiEnvelope(DoctorApplicationDto)
  @ApiErrors(400, { 404: ['APPLICATION_NOT_FOUND'], 409: ['APPLICATION_NOT_PENDING'] })
  @ResponseMessage('Application rejected')
  reject(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: RejectApplicationDto,
  ): Promise<DoctorApplicationDto> {
    return this.applications.reject(caller.id, id, body.reason);
  }
}
