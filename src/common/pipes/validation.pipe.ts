import { ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest } from '../errors/app-error';
import { CommonErrorCode } from '../errors/error-codes';
import type { FieldError } from '../dto/envelope.dto';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own: FieldError[] = e.constraints
      ? [{ field, errors: Object.values(e.constraints) }]
      : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Whitelisting, unknown-field-rejecting, transforming validation with per-field details. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const first = details[0];
      const message = first ? `${first.field}: ${first.errors[0]}` : 'Validation failed';
      return badRequest(CommonErrorCode.ValidationFailed, message, details);
    },
  });
}
