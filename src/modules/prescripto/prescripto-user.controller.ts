import { Body, Controller, Get, Headers, HttpCode, Post, UploadedFile } from '@nestjs/common';
import { ApiBody, ApiHeader } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { Role } from '../../common/auth/role.enum';
import { Client, type ClientInfo } from '../../common/decorators/client-info.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { StrictThrottle } from '../../common/decorators/strict-throttle.decorator';
import { AppointmentsErrorCode } from '../appointments/appointments.errors';
import { IdempotencyKeyHeader } from '../appointments/idempotency-key.decorator';
import { AuthErrorCode } from '../auth/auth.errors';
import { ImageUpload } from '../media/image-upload.decorator';
import { PaymentsErrorCode } from '../payments/payments.errors';
import type { UploadedImage } from '../media/media.service';
import {
  PrescriptoAppointmentIdDto,
  PrescriptoBookDto,
  PrescriptoCredentialsDto,
  PrescriptoRegisterDto,
  PrescriptoUpdateProfileDto,
  PrescriptoVerifyRazorpayDto,
  PrescriptoVerifyStripeDto,
} from './dto/prescripto-requests.dto';
import { PrescriptoAuth, PrescriptoController } from './prescripto-http';
import { PrescriptoMessages } from './prescripto-messages';
import { ApiPrescripto, LIST, OBJECT, TOKEN } from './prescripto-openapi';
import { PrescriptoService } from './prescripto.service';

const CREDENTIAL_MESSAGES = {
  'VALIDATION_FAILED:email': 'Please enter a valid email',
  'VALIDATION_FAILED:password': 'Please enter a strong password',
  [AuthErrorCode.AccountSuspended]: 'This account is suspended',
};
const PAYMENT_MESSAGES = {
  [AppointmentsErrorCode.AppointmentNotFound]: 'Appointment Cancelled or not found',
  [PaymentsErrorCode.NotAwaitingPayment]: 'Appointment Cancelled or not found',
};
/** The client shows nothing else when a verification fails. */
const VERIFY_MESSAGES = { '*': 'Payment Failed' };

/** Prescripto's patient app (`frontend/`): header `token`. */
@PrescriptoController()
@Controller('api/user')
export class PrescriptoUserController {
  constructor(private readonly prescripto: PrescriptoService) {}

  @Post('register')
  @HttpCode(200)
  @StrictThrottle()
  @PrescriptoMessages(CREDENTIAL_MESSAGES)
  @ApiPrescripto('Register a patient', { token: TOKEN })
  async register(@Body() body: PrescriptoRegisterDto, @Client() client: ClientInfo) {
    return {
      success: true,
      message: 'Account created',
      token: await this.prescripto.register(body, client),
    };
  }

  @Post('login')
  @HttpCode(200)
  @StrictThrottle()
  @PrescriptoMessages(CREDENTIAL_MESSAGES)
  @ApiPrescripto('Sign a patient in', { token: TOKEN })
  async login(@Body() body: PrescriptoCredentialsDto, @Client() client: ClientInfo) {
    const token = await this.prescripto.login(body, client, Role.Patient);
    return { success: true, message: 'Signed in', token };
  }

  @Get('get-profile')
  @PrescriptoAuth(Role.Patient)
  @ApiPrescripto('The patient’s profile', { userData: OBJECT })
  async profile(@CurrentUser() user: AuthUser) {
    return { success: true, userData: await this.prescripto.profile(user) };
  }

  @Post('update-profile')
  @HttpCode(200)
  @PrescriptoAuth(Role.Patient)
  @ImageUpload('image')
  @ApiBody({ type: PrescriptoUpdateProfileDto })
  @ApiPrescripto('Update the patient’s profile (multipart, optional image)')
  async updateProfile(
    @CurrentUser() user: AuthUser,
    @Body() body: PrescriptoUpdateProfileDto,
    @UploadedFile() file: UploadedImage | undefined,
  ) {
    await this.prescripto.updateProfile(user, body, file);
    return { success: true, message: 'Profile Updated' };
  }

  @Post('book-appointment')
  @HttpCode(200)
  @PrescriptoAuth(Role.Patient)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Optional (Prescripto does not send one): a retry with the same key books once',
  })
  @ApiPrescripto('Book a slot (slotDate + slotTime in the doctor’s zone)')
  async book(
    @CurrentUser() user: AuthUser,
    @Body() body: PrescriptoBookDto,
    @IdempotencyKeyHeader() idempotencyKey: string | undefined,
  ) {
    await this.prescripto.book(user, body, idempotencyKey);
    return { success: true, message: 'Appointment Booked' };
  }

  @Get('appointments')
  @PrescriptoAuth(Role.Patient)
  @ApiPrescripto('The patient’s latest appointments, oldest first', { appointments: LIST })
  async appointments(@CurrentUser() user: AuthUser) {
    return { success: true, appointments: await this.prescripto.appointmentsOf(user) };
  }

  @Post('cancel-appointment')
  @HttpCode(200)
  @PrescriptoAuth(Role.Patient)
  @ApiPrescripto('Cancel one of the patient’s appointments (refund policy applies)')
  async cancel(@CurrentUser() user: AuthUser, @Body() body: PrescriptoAppointmentIdDto) {
    await this.prescripto.cancel(user, body.appointmentId);
    return { success: true, message: 'Appointment Cancelled' };
  }

  @Post('payment-razorpay')
  @HttpCode(200)
  @PrescriptoAuth(Role.Patient)
  @PrescriptoMessages(PAYMENT_MESSAGES)
  @ApiPrescripto('Create a Razorpay order for a booking awaiting payment', { order: OBJECT })
  async payRazorpay(@CurrentUser() user: AuthUser, @Body() body: PrescriptoAppointmentIdDto) {
    return { success: true, order: await this.prescripto.payRazorpay(user, body.appointmentId) };
  }

  @Post('verifyRazorpay')
  @HttpCode(200)
  @PrescriptoAuth(Role.Patient)
  @PrescriptoMessages(VERIFY_MESSAGES)
  @ApiPrescripto('Verify a Razorpay Checkout payment (signature, then Razorpay is asked)')
  async verifyRazorpay(@CurrentUser() user: AuthUser, @Body() body: PrescriptoVerifyRazorpayDto) {
    const paid = await this.prescripto.verifyRazorpay(user, body);
    return paid
      ? { success: true, message: 'Payment Successful' }
      : { success: false, message: 'Payment Failed' };
  }

  @Post('payment-stripe')
  @HttpCode(200)
  @PrescriptoAuth(Role.Patient)
  @PrescriptoMessages(PAYMENT_MESSAGES)
  @ApiPrescripto('Start a Stripe Checkout Session; it returns to <Origin>/verify', {
    session_url: { type: 'string' },
  })
  async payStripe(
    @CurrentUser() user: AuthUser,
    @Body() body: PrescriptoAppointmentIdDto,
    @Headers('origin') origin: string | undefined,
  ) {
    const url = await this.prescripto.payStripe(user, body.appointmentId, origin);
    return { success: true, session_url: url };
  }

  @Post('verifyStripe')
  @HttpCode(200)
  @PrescriptoAuth(Role.Patient)
  @PrescriptoMessages(VERIFY_MESSAGES)
  @ApiPrescripto(
    'After Stripe Checkout: Stripe is asked (success=true from the browser is not trusted)',
  )
  async verifyStripe(@CurrentUser() user: AuthUser, @Body() body: PrescriptoVerifyStripeDto) {
    const paid = await this.prescripto.verifyStripe(user, body.appointmentId);
    return paid
      ? { success: true, message: 'Payment Successful' }
      : { success: false, message: 'Payment Failed' };
  }
}
