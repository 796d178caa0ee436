import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import type { Page } from '../../common/dto/pagination.dto';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import {
  ApiEnvelope,
  ApiErrors,
  ApiPageEnvelope,
} from '../../common/swagger/api-responses.decorator';
import { AvailabilityService } from './availability.service';
import { ListScheduleOverridesQueryDto } from './dto/date-range-query.dto';
import { PutScheduleOverrideDto } from './dto/put-schedule-override.dto';
import { PutScheduleDto } from './dto/put-schedule.dto';
import { ScheduleOverrideResponseDto, ScheduleResponseDto } from './dto/schedule-response.dto';
import { ParseLocalDatePipe } from './parse-local-date.pipe';
import { ApiTag } from '../../common/swagger/api-tags';

const DATE_PARAM = { name: 'date', example: '2026-03-09', description: 'Local date YYYY-MM-DD' };

/** Admins manage any doctor's schedule; a non-doctor id is a 404. */
@ApiTags(ApiTag.AdminAvailability)
@Auth(Role.Admin)
@Controller('admin/doctors/:id/schedule')
export class AdminScheduleController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get()
  @ApiOperation({ summary: "A doctor's schedule" })
  @ApiEnvelope(ScheduleResponseDto)
  @ApiErrors(400, { 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Schedule')
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<ScheduleResponseDto> {
    return this.availability.getSchedule(id);
  }

  @Put()
  @ApiOperation({ summary: "Replace a doctor's schedule" })
  @ApiEnvelope(ScheduleResponseDto)
  @ApiErrors(400, { 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Schedule saved')
  put(
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: PutScheduleDto,
  ): Promise<ScheduleResponseDto> {
    return this.availability.putSchedule(id, dto);
  }

  @Get('overrides')
  @ApiOperation({ summary: "A doctor's date overrides, by date" })
  @ApiPageEnvelope(ScheduleOverrideResponseDto)
  @ApiErrors(400, { 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Schedule overrides')
  listOverrides(
    @Param('id', ParseObjectIdPipe) id: string,
    @Query() query: ListScheduleOverridesQueryDto,
  ): Promise<Page<ScheduleOverrideResponseDto>> {
    return this.availability.listOverrides(id, query);
  }

  @Put('overrides/:date')
  @ApiOperation({ summary: "Set the hours of one date of a doctor's ([] = day off)" })
  @ApiParam(DATE_PARAM)
  @ApiEnvelope(ScheduleOverrideResponseDto)
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'INVALID_ID', 'INVALID_DATE'],
    404: ['DOCTOR_NOT_FOUND'],
  })
  @ResponseMessage('Schedule override saved')
  putOverride(
    @Param('id', ParseObjectIdPipe) id: string,
    @Param('date', ParseLocalDatePipe) date: string,
    @Body() dto: PutScheduleOverrideDto,
  ): Promise<ScheduleOverrideResponseDto> {
    return this.availability.putOverride(id, date, dto);
  }

  @Delete('overrides/:date')
  @HttpCode(200)
  @ApiOperation({ summary: "Remove the override of one date of a doctor's" })
  @ApiParam(DATE_PARAM)
  @ApiEnvelope(null)
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'INVALID_ID', 'INVALID_DATE'],
    404: ['DOCTOR_NOT_FOUND', 'SCHEDULE_OVERRIDE_NOT_FOUND'],
  })
  @ResponseMessage('Schedule override removed')
  async deleteOverride(
    @Param('id', ParseObjectIdPipe) id: string,
    @Param('date', ParseLocalDatePipe) date: string,
  ): Promise<null> {
    await this.availability.deleteOverride(id, date);
    return null;
  }
}
