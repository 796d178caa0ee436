import { ApiTag } from '../../common/swagger/api-tags';
import { PaymentsErrorCode } from './payments.errors';
import { AppointmentsErrorCode } from '../appointments/appointments.errors';
import { Body, Controller, Get, Headers, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import { ApiEnvelope, ApiErrors } from '../../common/swagger/api-responses.decorator';
import { CreatePaymentDto, VerifyRazorpayPaymentDto } from './dto/create-payment.dto';
import { InvoiceResponseDto } from './dto/invoice-response.dto';
import { CreatePaymentResponseDto, PaymentResponseDto } from './dto/payment-response.dto';
import { renderInvoicePdf } from './invoices/invoice-pdf';
import { PaymentsService } from './payments.service';

@ApiTags(ApiTag.Payments)
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post('payments')
  @Auth(Role.Patient)
  @ApiOperation({
    summary: 'Start paying a pending booking',
    description:
      'The amount and currency are the booking fee; a client cannot send them (400). Stripe: ' +
      'redirect to `checkoutUrl`. Razorpay: open Checkout with `razorpay` (orderId, amount, ' +
      'currency, keyId), then POST /payments/razorpay/verify. The booking is confirmed when the ' +
      'provider confirms the payment (webhook). While an attempt with the same provider is open, ' +
      'the request answers that attempt again (a double click or a retry gets the same checkout, ' +
      'never a second one); 409 PAYMENT_ATTEMPT_IN_PROGRESS while another request is still ' +
      'starting it (retry). 409 APPOINTMENT_NOT_AWAITING_PAYMENT, 422 ' +
      'PAYMENT_PROVIDER_NOT_ENABLED, 503 PAYMENT_PROVIDER_UNAVAILABLE.',
  })
  @ApiEnvelope(CreatePaymentResponseDto, { status: 201 })
  @ApiErrors(400, {
    404: [AppointmentsErrorCode.AppointmentNotFound],
    409: [PaymentsErrorCode.NotAwaitingPayment, PaymentsErrorCode.AttemptInProgress],
    422: [PaymentsErrorCode.ProviderNotEnabled],
    503: [PaymentsErrorCode.ProviderUnavailable],
  })
  @ResponseMessage('Payment started')
  create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreatePaymentDto,
  ): Promise<CreatePaymentResponseDto> {
    return this.payments.create(user, body);
  }

  @Post('payments/razorpay/verify')
  @Auth(Role.Patient)
  @ApiOperation({
    summary: 'Verify a Razorpay Checkout payment',
    description:
      'Checks the HMAC of the stored order id and the payment id, then asks Razorpay whether ' +
      'the payment is captured. 400 PAYMENT_SIGNATURE_INVALID.',
  })
  @ApiEnvelope(PaymentResponseDto, { status: 201 })
  @ApiErrors(400, {
    404: [PaymentsErrorCode.PaymentNotFound],
    422: [PaymentsErrorCode.ProviderNotEnabled],
    503: [PaymentsErrorCode.ProviderUnavailable],
  })
  @ResponseMessage('Payment verified')
  verifyRazorpay(
    @CurrentUser() user: AuthUser,
    @Body() body: VerifyRazorpayPaymentDto,
  ): Promise<PaymentResponseDto> {
    return this.payments.verifyRazorpay(user, body);
  }

  @Get('payments/:id')
  @Auth(Role.Patient, Role.Doctor, Role.Admin)
  @ApiOperation({ summary: 'A payment with its refunds (its patient, its doctor, admins)' })
  @ApiEnvelope(PaymentResponseDto)
  @ApiErrors(400, { 404: [PaymentsErrorCode.PaymentNotFound] })
  @ResponseMessage('Payment')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<PaymentResponseDto> {
    return this.payments.getForUser(user, id);
  }

  @Get('payments/:id/invoice')
  @Auth(Role.Patient, Role.Doctor, Role.Admin)
  @ApiOperation({
    summary: "A payment's invoice, with its credit notes",
    description: 'JSON by default; `Accept: application/pdf` returns the invoice as a PDF.',
  })
  @ApiProduces('application/json', 'application/pdf')
  @ApiEnvelope(InvoiceResponseDto)
  @ApiErrors(400, { 404: [PaymentsErrorCode.PaymentNotFound, PaymentsErrorCode.InvoiceNotFound] })
  @ResponseMessage('Invoice')
  async invoice(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Headers('accept') accept: string | undefined,
  ): Promise<InvoiceResponseDto | StreamableFile> {
    const invoice = await this.payments.invoiceFor(user, id);
    if (!wantsPdf(accept)) {
      return invoice;
    }
    return new StreamableFile(await renderInvoicePdf(invoice), {
      type: 'application/pdf',
      disposition: `inline; filename="${invoice.number}.pdf"`,
    });
  }

  @Get('appointments/:id/payments')
  @Auth(Role.Patient, Role.Doctor, Role.Admin)
  @ApiOperation({ summary: "An appointment's payment attempts, newest first" })
  @ApiEnvelope(PaymentResponseDto, { isArray: true })
  @ApiErrors(400, { 404: [AppointmentsErrorCode.AppointmentNotFound] })
  @ResponseMessage('Payments')
  listForAppointment(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<PaymentResponseDto[]> {
    return this.payments.listForAppointment(user, id);
  }

  @Post('appointments/:id/payments/clinic')
  @Auth(Role.Doctor, Role.Admin)
  @ApiOperation({
    summary: 'Record that the patient paid at the clinic (the doctor of the appointment, admins)',
    description: '409 CLINIC_PAYMENT_ALREADY_RECORDED, 409 CLINIC_PAYMENT_NOT_ALLOWED.',
  })
  @ApiEnvelope(PaymentResponseDto, { status: 201 })
  @ApiErrors(400, {
    403: [PaymentsErrorCode.ClinicPaymentNotPermitted],
    404: [AppointmentsErrorCode.AppointmentNotFound],
    409: [PaymentsErrorCode.ClinicPaymentNotAllowed, PaymentsErrorCode.ClinicPaymentRecorded],
  })
  @ResponseMessage('Clinic payment recorded')
  recordClinic(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<PaymentResponseDto> {
    return this.payments.recordClinicPayment(user, id);
  }
}

function wantsPdf(accept: string | undefined): boolean {
  return Boolean(accept && /(^|,)\s*application\/pdf\b/i.test(accept));
}
