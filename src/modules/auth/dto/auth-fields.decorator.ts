import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsByteLength, IsString } from 'class-validator';
import { AccountEmail } from '../../../common/validators/email.validator';

/** An e-mail address, trimmed and lower-cased before validation (accounts are case-insensitive). */
export function EmailField() {
  return applyDecorators(
    ApiProperty({ example: 'asha@example.com', maxLength: 254 }),
    AccountEmail(),
  );
}

/**
 * An existing password being checked. Over 72 bytes is rejected: bcrypt would compare only the
 * first 72, so a longer string could match a password it is not.
 */
export function PasswordField(description = 'Password') {
  return applyDecorators(
    ApiProperty({ description, minLength: 1, maxLength: 72, example: 'correct-horse-battery' }),
    IsString(),
    IsByteLength(1, 72, { message: '$property must be 1-72 bytes (UTF-8)' }),
  );
}
