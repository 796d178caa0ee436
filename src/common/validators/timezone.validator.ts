import { IANAZone } from 'luxon';
import { ValidateBy, ValidationOptions } from 'class-validator';

export function isIanaTimeZone(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && IANAZone.isValidZone(value);
}

/** An IANA time zone name such as `Asia/Kolkata` (not an offset, not an abbreviation). */
export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIanaTimeZone',
      validator: {
        validate: (value: unknown) => isIanaTimeZone(value),
        defaultMessage: (args) => `${args?.property ?? 'timezone'} must be an IANA time zone name`,
      },
    },
    options,
  );
}
