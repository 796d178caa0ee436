import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, ValidateBy, ValidationOptions } from 'class-validator';
import { isCommonPassword } from './common-passwords';

export const PASSWORD_MIN_BYTES = 8;
/** bcrypt only reads 72 bytes: longer passwords are rejected rather than silently truncated. */
export const PASSWORD_MAX_BYTES = 72;

export function passwordProblem(value: string): string | null {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes < PASSWORD_MIN_BYTES) {
    return `password must be at least ${PASSWORD_MIN_BYTES} bytes`;
  }
  if (bytes > PASSWORD_MAX_BYTES) {
    return `password must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)`;
  }
  if (isCommonPassword(value)) {
    return 'password is too common; choose another';
  }
  return null;
}

function IsAcceptablePassword(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAcceptablePassword',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && passwordProblem(value) === null,
        defaultMessage: (args) =>
          typeof args?.value === 'string'
            ? (passwordProblem(args.value) ?? 'password is invalid')
            : 'password must be a string',
      },
    },
    options,
  );
}

/** A new password: 8-72 UTF-8 bytes and not a common password. */
export function NewPassword(description = 'New password: 8-72 bytes, not a common password') {
  return applyDecorators(
    ApiProperty({ description, minLength: 8, maxLength: 72, example: 'correct-horse-battery' }),
    IsString(),
    IsAcceptablePassword(),
  );
}
