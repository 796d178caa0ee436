import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PAYMENT_STATUSES } from '../domain/payment-status';
import { PROVIDERS } from '../domain/provider';
import { REFUND_REASONS, REFUND_STATUSES } from '../schemas/refund.schema';

export class RefundResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() paymentId!: string;
  @ApiProperty() appointmentId!: string;
  @ApiProperty({ enum: REFUND_REASONS, enumName: 'RefundReason' }) reason!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ enum: REFUND_STATUSES, enumName: 'RefundStatus' }) status!: string;
  @ApiProperty({ type: String, nullable: true }) providerRefundId!: string | null;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true }) creditNoteNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) refundedAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class RazorpayCheckoutDto {
  @ApiProperty() orderId!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ description: 'Public key id for Razorpay Checkout' }) keyId!: string;
}

export class PaymentResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() appointmentId!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty() doctorId!: string;
  @ApiProperty({ enum: PROVIDERS, enumName: 'PaymentProvider' }) provider!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus' }) status!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
  @ApiProperty({ example: 'INR' }) currency!: string;
  @ApiProperty({ type: 'integer', description: 'Refunded so far, minor units' })
  refundedAmount!: number;
  @ApiProperty({ type: Boolean, nullable: true, description: 'false: arrived too late, refunded' })
  applied!: boolean | null;
  @ApiProperty({ type: String, nullable: true, description: 'Stripe Checkout page' })
  checkoutUrl!: string | null;
  @ApiPropertyOptional({ type: RazorpayCheckoutDto, nullable: true })
  razorpay!: RazorpayCheckoutDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Session or order id' })
  providerRef!: string | null;
  @ApiProperty({ type: String, nullable: true }) providerPaymentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) invoiceNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) paidAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) failureReason!: string | null;
  @ApiProperty({ type: [RefundResponseDto] }) refunds!: RefundResponseDto[];
  @ApiProperty() createdAt!: string;
}

/** POST /payments answers with the attempt and what the client needs to pay it. */
export class CreatePaymentResponseDto extends PaymentResponseDto {
  @ApiProperty() paymentId!: string;
}
