import { ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonErrorCode, commonError } from '../errors/error-codes';
import type { FieldError } from '../dto/envelope.dto';

/** The wording ParseObjectIdPipe uses for a malformed id in the path. */
export const invalidIdMessage = (field: string): string =>
  `${field} must be a 24-character hex ObjectId`;

const ID_CONSTRAINT = 'isMongoId';

interface FlatError extends FieldError {
  /** Every failed constraint of the field is the id format. */
  idOnly: boolean;
}

function flatten(errors: ValidationError[], parent = ''): FlatError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own: FlatError[] = e.constraints
      ? [
          {
            field,
            errors: Object.entries(e.constraints).map(([name, message]) =>
              name === ID_CONSTRAINT ? invalidIdMessage(field) : message,
            ),
            idOnly: Object.keys(e.constraints).every((name) => name === ID_CONSTRAINT),
          },
        ]
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
      const flat = flatten(errors);
      const details: FieldError[] = flat.map(({ field, errors: messages }) => ({
        field,
        errors: messages,
      }));
      const first = details[0];
      const message = first ? `${first.field}: ${first.errors[0]}` : 'Validation failed';
      // A malformed id is INVALID_ID wherever it is sent (path, query or body).
      const code =
        flat.length > 0 && flat.every((e) => e.idOnly)
          ? CommonErrorCode.InvalidId
          : CommonErrorCode.ValidationFailed;
      return commonError(code, message, details);
    },
  });
}
