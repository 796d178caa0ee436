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
import { AppointmentsService } from './appointments.service';
import { AppointmentResponseDto } from './dto/appointment-response.dto';
import { AdminCancelAppointmentDto } from './dto/cancel-appointment.dto';
import { AdminListAppointmentsQueryDto } from './dto/list-appointments-query.dto';
import { ApiTag } from '../../common/swagger/api-tags';

@ApiTags(ApiTag.AdminAppointments)
@Auth(Role.Admin)
@Controller('admin/appointments')
export class AdminAppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Get()
  @ApiOperation({
    summary: 'All appointments',
    description: 'Filters: doctorId, patientId, status (one or more), when, from/to. Latest first.',
  })
  @ApiPageEnvelope(AppointmentResponseDto)
  @ApiErrors(400)
  @ResponseMessage('Appointments')
  list(@Query() query: AdminListAppointmentsQueryDto): Promise<Page<AppointmentResponseDto>> {
    return this.appointments.listAll(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Any appointment' })
  @ApiEnvelope(AppointmentResponseDto)
  @ApiErrors(400, { 404: ['APPOINTMENT_NOT_FOUND'] })
  @ResponseMessage('Appointment')
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<AppointmentResponseDto> {
    return this.appointments.getById(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a pending or confirmed appointment (full refund)',
  })
  @ApiEnvelope(AppointmentResponseDto)
  @ApiErrors(400, { 404: ['APPOINTMENT_NOT_FOUND'], 409: ['INVALID_TRANSITION'] })
  @ResponseMessage('Appointment cancelled')
  cancel(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: AdminCancelAppointmentDto,
  ): Promise<AppointmentResponseDto> {
    return this.appointments.cancel(admin, id, body.reason);
  }
}
