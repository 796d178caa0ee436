import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

export class SuccessEnvelope<T> {
  @ApiProperty({ example: true, enum: [true] })
  success!: true;

  @ApiProperty({ example: 'OK' })
  message!: string;

  data!: T;
}

export class FieldError {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ type: [String], example: ['email must be an email'] })
  errors!: string[];
}

@ApiExtraModels(FieldError)
export class ErrorEnvelope {
  @ApiProperty({ example: false, enum: [false] })
  success!: false;

  @ApiProperty({ example: 'Validation failed' })
  message!: string;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code!: string;

  @ApiPropertyOptional({
    description: 'Structured details: per-field errors for VALIDATION_FAILED, else an object',
    oneOf: [
      { type: 'array', items: { $ref: getSchemaPath(FieldError) } },
      { type: 'object', additionalProperties: true },
    ],
  })
  details?: unknown;

  @ApiPropertyOptional({ description: 'The request id, also sent as the X-Request-Id header' })
  requestId?: string;
}
