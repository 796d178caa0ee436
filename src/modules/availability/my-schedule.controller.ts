import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';
import { type AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import type { Page } from '../../common/dto/pagination.dto';
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

/** The calling doctor's own schedule. There is no route to another doctor's (admins only). */
@ApiTags(ApiTag.Availability)
@Auth(Role.Doctor)
@Controller('doctors/me/schedule')
export class MyScheduleController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get()
  @ApiOperation({ summary: 'My schedule (defaults and closed every day until saved)' })
  @ApiEnvelope(ScheduleResponseDto)
  @ApiErrors({ 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Schedule')
  get(@CurrentUser() user: AuthUser): Promise<ScheduleResponseDto> {
    return this.availability.getSchedule(user.id);
  }

  @Put()
  @ApiOperation({ summary: 'Replace my schedule (time zone, slot rules, weekly hours)' })
  @ApiEnvelope(ScheduleResponseDto)
  @ApiErrors(400, { 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Schedule saved')
  put(@CurrentUser() user: AuthUser, @Body() dto: PutScheduleDto): Promise<ScheduleResponseDto> {
    return this.availability.putSchedule(user.id, dto);
  }

  @Get('overrides')
  @ApiOperation({ summary: 'My date overrides, by date' })
  @ApiPageEnvelope(ScheduleOverrideResponseDto)
  @ApiErrors(400, { 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Schedule overrides')
  listOverrides(
    @CurrentUser() user: AuthUser,
    @Query() query: ListScheduleOverridesQueryDto,
  ): Promise<Page<ScheduleOverrideResponseDto>> {
    return this.availability.listOverrides(user.id, query);
  }

  @Put('overrides/:date')
  @ApiOperation({ summary: 'Set the hours of one date ([] = day off); idempotent' })
  @ApiParam(DATE_PARAM)
  @ApiEnvelope(ScheduleOverrideResponseDto)
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_DATE'], 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Schedule override saved')
  putOverride(
    @CurrentUser() user: AuthUser,
    @Param('date', ParseLocalDatePipe) date: string,
    @Body() dto: PutScheduleOverrideDto,
  ): Promise<ScheduleOverrideResponseDto> {
    return this.availability.putOverride(user.id, date, dto);
  }

  @Delete('overrides/:date')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove the override of one date (weekly hours apply again)' })
  @ApiParam(DATE_PARAM)
  @ApiEnvelope(null)
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'INVALID_DATE'],
    404: ['DOCTOR_NOT_FOUND', 'SCHEDULE_OVERRIDE_NOT_FOUND'],
  })
  @ResponseMessage('Schedule override removed')
  async deleteOverride(
    @CurrentUser() user: AuthUser,
    @Param('date', ParseLocalDatePipe) date: string,
  ): Promise<null> {
    await this.availability.deleteOverride(user.id, date);
    return null;
  }
}
