import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { ApiEnvelope, ApiErrors } from '../../common/swagger/api-responses.decorator';
import { DashboardQueryDto } from '../appointments/analytics/dto/dashboard-query.dto';
import { AdminDashboardService } from './admin-dashboard.service';
import { AdminDashboardDto } from './dto/admin-dashboard.dto';
import { ApiTag } from '../../common/swagger/api-tags';

@ApiTags(ApiTag.Dashboards)
@Controller('admin/dashboard')
export class AdminDashboardController {
  constructor(private readonly dashboard: AdminDashboardService) {}

  @Get()
  @Auth(Role.Admin)
  @ApiOperation({
    summary: 'The platform dashboard',
    description:
      'UTC dates `from..to` (default: 90 days ago through 30 days ahead; at most 366 days, ' +
      'else 400 DATE_RANGE_TOO_LONG; from after to is 400 INVALID_DATE_RANGE). Doctor and ' +
      'patient totals, then for appointments starting in the range: counts by status, ' +
      'revenue, monthly trend, specialities, top doctors, utilisation of listed doctors ' +
      '(booked / offered slots of their current schedules) and the 5 latest bookings.',
  })
  @ApiEnvelope(AdminDashboardDto)
  @ApiErrors(400)
  @ResponseMessage('Admin dashboard')
  get(@Query() query: DashboardQueryDto): Promise<AdminDashboardDto> {
    return this.dashboard.dashboard(query);
  }
}
