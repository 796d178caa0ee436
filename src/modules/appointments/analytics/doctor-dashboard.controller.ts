import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../../common/auth/role.enum';
import { type AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../../common/decorators/response-message.decorator';
import { Auth } from '../../../common/decorators/roles.decorator';
import { ApiEnvelope, ApiErrors } from '../../../common/swagger/api-responses.decorator';
import { AppointmentAnalyticsService } from './appointment-analytics.service';
import { DashboardQueryDto } from './dto/dashboard-query.dto';
import { DoctorDashboardDto } from './dto/dashboard-response.dto';
import { ApiTag } from '../../../common/swagger/api-tags';

@ApiTags(ApiTag.Dashboards)
@Controller('doctors/me/dashboard')
export class DoctorDashboardController {
  constructor(private readonly analytics: AppointmentAnalyticsService) {}

  @Get()
  @Auth(Role.Doctor)
  @ApiOperation({
    summary: "The calling doctor's dashboard",
    description:
      "Local dates `from..to` in the doctor's time zone (default: 90 days ago through 30 days " +
      'ahead; at most 366 days, else 400 DATE_RANGE_TOO_LONG; from after to is 400 ' +
      'INVALID_DATE_RANGE). Counts by status, distinct patients, earnings per currency with ' +
      'ISO-week and month buckets, and the 5 latest bookings, all for appointments starting ' +
      'in the range.',
  })
  @ApiEnvelope(DoctorDashboardDto)
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'INVALID_DATE_RANGE', 'DATE_RANGE_TOO_LONG'],
    404: ['DOCTOR_NOT_FOUND'],
  })
  @ResponseMessage('Doctor dashboard')
  get(
    @CurrentUser() user: AuthUser,
    @Query() query: DashboardQueryDto,
  ): Promise<DoctorDashboardDto> {
    return this.analytics.doctorDashboard(user.id, query);
  }
}
