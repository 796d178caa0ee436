import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsMongoId, IsString, Matches, MaxLength } from 'class-validator';
import { PROVIDERS, type Provider } from '../domain/provider';

/** Only what to pay and how: the amount and currency always come from the booking's fee. */
export class CreatePaymentDto {
  @ApiProperty({ description: 'The pending booking to pay', example: '665f1c2e8a1b2c3d4e5f6a7b' })
  @IsMongoId()
  appointmentId!: string;

  @ApiProperty({ enum: PROVIDERS, enumName: 'PaymentProvider' })
  @IsIn(PROVIDERS)
  provider!: Provider;
}

const RAZORPAY_ID = /^[A-Za-z0-9_]{1,64}$/;

export class VerifyRazorpayPaymentDto {
  @ApiProperty({ example: 'order_Q1a2b3c4d5e6f7' })
  @IsString()
  @Matches(RAZORPAY_ID)
  razorpay_order_id!: string;

  @ApiProperty({ example: 'pay_Q1a2b3c4d5e6f7' })
  @IsString()
  @Matches(RAZORPAY_ID)
  razorpay_payment_id!: string;

  @ApiProperty({ description: 'Hex HMAC-SHA256 from Razorpay Checkout' })
  @IsString()
  @MaxLength(128)
  razorpay_signature!: string;
}
