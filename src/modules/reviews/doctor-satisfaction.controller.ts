import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';
import { type AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { ApiEnvelope, ApiErrors } from '../../common/swagger/api-responses.decorator';
import { ApiTag } from '../../common/swagger/api-tags';
import { DashboardQueryDto } from '../appointments/analytics/dto/dashboard-query.dto';
import { DoctorSatisfactionDto } from './dto/satisfaction.dto';
import { SatisfactionService } from './satisfaction.service';

/**
 * The satisfaction panel of the doctor dashboard. A route of its own because the dashboard
 * (appointments module) is listed before reviews and cannot import it.
 */
@ApiTags(ApiTag.Dashboards)
@Controller('doctors/me/dashboard/satisfaction')
export class DoctorSatisfactionController {
  constructor(private readonly satisfaction: SatisfactionService) {}

  @Get()
  @Auth(Role.Doctor)
  @ApiOperation({
    summary: "The calling doctor's patient satisfaction",
    description:
      'The rating shown on the public profile, and for reviews written in the range (local ' +
      'dates as for the dashboard): count, average, distribution and reviews per UTC month.',
  })
  @ApiEnvelope(DoctorSatisfactionDto)
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'INVALID_DATE_RANGE', 'DATE_RANGE_TOO_LONG'],
    404: ['DOCTOR_NOT_FOUND'],
  })
  @ResponseMessage('Doctor satisfaction')
  get(
    @CurrentUser() user: AuthUser,
    @Query() query: DashboardQueryDto,
  ): Promise<DoctorSatisfactionDto> {
    return this.satisfaction.doctorPanel(user.id, query);
  }
}
