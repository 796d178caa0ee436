import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser } from '../../common/auth/auth-user';
import { Role } from '../../common/auth/role.enum';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import { ApiEnvelope, ApiErrors } from '../../common/swagger/api-responses.decorator';
import { ApiTag } from '../../common/swagger/api-tags';
import { AppointmentResponseDto } from '../appointments/dto/appointment-response.dto';
import { JoinWaitlistDto, WaitlistCountDto, WaitlistEntryDto } from './dto/waitlist.dto';
import { WaitlistService } from './waitlist.service';

@ApiTags(ApiTag.Waitlist)
@Controller()
export class WaitlistController {
  constructor(private readonly waitlist: WaitlistService) {}

  @Post('doctors/:id/waitlist')
  @Auth(Role.Patient)
  @ApiOperation({
    summary: "Join a doctor's waitlist for local dates from..to (optionally a time window)",
    description:
      "Dates YYYY-MM-DD and times HH:mm in the doctor's zone. At most 3 waiting entries per " +
      'patient. When a matching slot frees up, the first in line gets a pending hold on it ' +
      '(HOLD_MINUTES), listed in GET /appointments and announced by a `waitlist_offer` ' +
      'notification; accept it by paying (online mode) or with POST /appointments/{id}/accept.',
  })
  @ApiEnvelope(WaitlistEntryDto, { status: 201 })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'INVALID_ID', 'INVALID_DATE_RANGE', 'WAITLIST_INVALID_TIME_WINDOW'],
    404: ['DOCTOR_NOT_FOUND'],
    409: ['WAITLIST_LIMIT_REACHED'],
  })
  @ResponseMessage('Joined the waitlist')
  join(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseObjectIdPipe) doctorId: string,
    @Body() body: JoinWaitlistDto,
  ): Promise<WaitlistEntryDto> {
    return this.waitlist.join(caller.id, doctorId, body);
  }

  @Get('waitlist/me')
  @Auth(Role.Patient)
  @ApiOperation({ summary: "The caller's waitlist entries, newest first (waiting, offered, left)" })
  @ApiEnvelope(WaitlistEntryDto, { isArray: true })
  @ResponseMessage('Waitlist entries')
  mine(@CurrentUser() caller: AuthUser): Promise<WaitlistEntryDto[]> {
    return this.waitlist.mine(caller.id);
  }

  @Delete('waitlist/:id')
  @Auth(Role.Patient)
  @ApiOperation({ summary: 'Leave a waitlist (a hold already offered stays until it lapses)' })
  @ApiEnvelope(WaitlistEntryDto)
  @ApiErrors({ 400: ['INVALID_ID'], 404: ['WAITLIST_ENTRY_NOT_FOUND'] })
  @ResponseMessage('Left the waitlist')
  leave(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<WaitlistEntryDto> {
    return this.waitlist.leave(caller.id, id);
  }

  @Get('doctors/me/waitlist/count')
  @Auth(Role.Doctor)
  @ApiOperation({ summary: 'How many patients are waiting for a slot of the calling doctor' })
  @ApiEnvelope(WaitlistCountDto)
  @ResponseMessage('Waitlist length')
  count(@CurrentUser() caller: AuthUser): Promise<WaitlistCountDto> {
    return this.waitlist.countForDoctor(caller.id);
  }

  @Post('appointments/:id/accept')
  @HttpCode(200)
  @Auth(Role.Patient)
  @ApiOperation({
    summary: 'Accept a waitlist hold (clinic payment mode): it is confirmed, paid at the clinic',
    description:
      'In online mode a waitlist hold is accepted by paying it: 422 WAITLIST_PAYMENT_REQUIRED.',
  })
  @ApiEnvelope(AppointmentResponseDto)
  @ApiErrors({
    400: ['INVALID_ID'],
    404: ['WAITLIST_OFFER_NOT_FOUND'],
    409: ['WAITLIST_OFFER_NOT_OPEN'],
    422: ['WAITLIST_PAYMENT_REQUIRED'],
  })
  @ResponseMessage('Offer accepted')
  accept(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<AppointmentResponseDto> {
    return this.waitlist.accept(caller.id, id);
  }
}
