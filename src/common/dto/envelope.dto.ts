import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SuccessEnvelope<T> {
  @ApiProperty({ example: true, enum: [true] })
  success!: true;

  @ApiProperty({ example: 'OK' })
  message!: string;

  data!: T;
}

export class ErrorEnvelope {
  @ApiProperty({ example: false, enum: [false] })
  success!: false;

  @ApiProperty({ example: 'Validation failed' })
  message!: string;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code!: string;

  @ApiPropertyOptional({ description: 'Structured details, e.g. per-field validation errors' })
  details?: unknown;

  @ApiPropertyOptional({ description: 'The request id, also sent as the X-Request-Id header' })
  requestId?: string;
}

export class FieldError {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ type: [String], example: ['email must be an email'] })
  errors!: string[];
}
