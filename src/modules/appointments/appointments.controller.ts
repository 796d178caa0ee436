import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { BookingService } from './booking.service';
import { AppointmentResponseDto } from './dto/appointment-response.dto';
import { BookAppointmentDto } from './dto/book-appointment.dto';
import { CancelAppointmentDto } from './dto/cancel-appointment.dto';
import { ListAppointmentsQueryDto } from './dto/list-appointments-query.dto';
import { RescheduleAppointmentDto } from './dto/reschedule-appointment.dto';
import { IdempotencyKeyHeader } from './idempotency-key.decorator';
import { ApiTag } from '../../common/swagger/api-tags';

const DOCTOR_ACTION =
  "Only the appointment's doctor; the patient of the appointment gets 403, anyone else 404.";

@ApiTags(ApiTag.Appointments)
@Controller('appointments')
export class AppointmentsController {
  constructor(
    private readonly booking: BookingService,
    private readonly appointments: AppointmentsService,
  ) {}

  @Post()
  @Auth(Role.Patient)
  @ApiOperation({
    summary: 'Book a slot',
    description:
      '`startsAt` must be one of the slots GET /doctors/{id}/slots offers. With online payment ' +
      'the booking is `pending` and holds the slot until `holdExpiresAt`; with pay-at-clinic it ' +
      'is `confirmed`. 409 SLOT_TAKEN when someone else got the slot first; 422 ' +
      'DOCTOR_NOT_BOOKABLE, SLOT_NOT_OFFERED (details.reason), PATIENT_OVERLAP, TOO_MANY_HOLDS. ' +
      'With an `Idempotency-Key`, repeating the request (same key, same body, within 24 h) ' +
      'replays the first answer instead of booking again; the same key with another body is ' +
      '422 IDEMPOTENCY_KEY_REUSED.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '1-255 visible ASCII characters, unique per booking attempt (e.g. a UUID)',
  })
  @ApiEnvelope(AppointmentResponseDto, {
    status: 201,
    description:
      'Booked. A repeat with the same Idempotency-Key and body replays the first answer: ' +
      'this 201 with the same appointment, or the same error status and body.',
  })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'INVALID_ID', 'IDEMPOTENCY_KEY_INVALID'],
    404: ['DOCTOR_NOT_FOUND'],
    409: ['SLOT_TAKEN', 'IDEMPOTENCY_KEY_IN_PROGRESS'],
    422: [
      'SLOT_NOT_OFFERED',
      'DOCTOR_NOT_BOOKABLE',
      'PATIENT_OVERLAP',
      'TOO_MANY_HOLDS',
      'CANNOT_BOOK_SELF',
      'PATIENT_NOT_ACTIVE',
      'IDEMPOTENCY_KEY_REUSED',
    ],
  })
  @ResponseMessage('Appointment booked')
  book(
    @CurrentUser() user: AuthUser,
    @Body() body: BookAppointmentDto,
    @IdempotencyKeyHeader() idempotencyKey: string | undefined,
  ): Promise<AppointmentResponseDto> {
    return this.booking.book(user, body, idempotencyKey);
  }

  @Get()
  @Auth(Role.Patient, Role.Doctor)
  @ApiOperation({
    summary: "The caller's appointments (a patient's bookings, or a doctor's schedule)",
    description:
      '`when=upcoming`: starting now or later, soonest first; `when=past`: started before ' +
      'now, latest first; otherwise latest first. `from`/`to` bound the start instant.',
  })
  @ApiPageEnvelope(AppointmentResponseDto)
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_DATE_RANGE'] })
  @ResponseMessage('Appointments')
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListAppointmentsQueryDto,
  ): Promise<Page<AppointmentResponseDto>> {
    return this.appointments.listForUser(user, query);
  }

  @Get(':id')
  @Auth(Role.Patient, Role.Doctor, Role.Admin)
  @ApiOperation({
    summary: 'One appointment',
    description: "The patient's or the doctor's own appointment (admins: any); otherwise 404.",
  })
  @ApiEnvelope(AppointmentResponseDto)
  @ApiErrors(400, { 404: ['APPOINTMENT_NOT_FOUND'] })
  @ResponseMessage('Appointment')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<AppointmentResponseDto> {
    return this.appointments.getForUser(user, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Auth(Role.Patient, Role.Doctor)
  @ApiOperation({
    summary: 'Cancel a pending or confirmed appointment',
    description:
      'By the patient: the refund follows the cancellation policy (full refund well ahead, ' +
      'partial on short notice, none after the start). By the doctor: full refund, and a ' +
      'reason is required. `cancellation.refundDue` is the amount to refund of what was paid.',
  })
  @ApiEnvelope(AppointmentResponseDto)
  @ApiErrors(400, { 404: ['APPOINTMENT_NOT_FOUND'], 409: ['INVALID_TRANSITION'] })
  @ResponseMessage('Appointment cancelled')
  cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: CancelAppointmentDto,
  ): Promise<AppointmentResponseDto> {
    return this.appointments.cancel(user, id, body.reason);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @Auth(Role.Patient, Role.Doctor)
  @ApiOperation({
    summary: 'Move a booking to another free slot of the same doctor',
    description:
      'Atomic: the new slot is claimed and the old released in one write; if the new slot is ' +
      'taken (409 SLOT_TAKEN) the booking stays as it was. Payment state is kept. Only the ' +
      "appointment's patient; its doctor gets 403, anyone else 404.",
  })
  @ApiEnvelope(AppointmentResponseDto)
  @ApiErrors(400, {
    404: ['APPOINTMENT_NOT_FOUND'],
    409: ['SLOT_TAKEN', 'INVALID_TRANSITION'],
    422: ['APPOINTMENT_STARTED', 'SAME_SLOT', 'SLOT_NOT_OFFERED', 'PATIENT_OVERLAP'],
  })
  @ResponseMessage('Appointment rescheduled')
  reschedule(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: RescheduleAppointmentDto,
  ): Promise<AppointmentResponseDto> {
    return this.booking.reschedule(user, id, body);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Auth(Role.Doctor, Role.Patient)
  @ApiOperation({
    summary: 'Confirm a pending booking (doctor)',
    description: `Needs payment (paid online or pay-at-clinic), else 422 PAYMENT_REQUIRED. ${DOCTOR_ACTION}`,
  })
  @ApiEnvelope(AppointmentResponseDto)
  @ApiErrors(400, {
    404: ['APPOINTMENT_NOT_FOUND'],
    409: ['INVALID_TRANSITION'],
    422: ['PAYMENT_REQUIRED'],
  })
  @ResponseMessage('Appointment confirmed')
  confirm(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<AppointmentResponseDto> {
    return this.appointments.confirm(user, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Auth(Role.Doctor, Role.Patient)
  @ApiOperation({
    summary: 'Mark a confirmed visit completed (doctor)',
    description: `Only once it has started (422 NOT_STARTED). ${DOCTOR_ACTION}`,
  })
  @ApiEnvelope(AppointmentResponseDto)
  @ApiErrors(400, {
    404: ['APPOINTMENT_NOT_FOUND'],
    409: ['INVALID_TRANSITION'],
    422: ['NOT_STARTED'],
  })
  @ResponseMessage('Appointment completed')
  complete(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<AppointmentResponseDto> {
    return this.appointments.complete(user, id);
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @Auth(Role.Doctor, Role.Patient)
  @ApiOperation({
    summary: 'Mark that the patient did not come (doctor)',
    description: `Only once it has started (422 NOT_STARTED). ${DOCTOR_ACTION}`,
  })
  @ApiEnvelope(AppointmentResponseDto)
  @ApiErrors(400, {
    404: ['APPOINTMENT_NOT_FOUND'],
    409: ['INVALID_TRANSITION'],
    422: ['NOT_STARTED'],
  })
  @ResponseMessage('Appointment marked as no-show')
  noShow(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<AppointmentResponseDto> {
    return this.appointments.markNoShow(user, id);
  }
}
