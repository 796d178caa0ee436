import { Injectable, PipeTransform, type ArgumentMetadata } from '@nestjs/common';

import { AvailabilityErrorCode, availabilityError } from './availability.errors';
import { isLocalDate } from './domain/schedule-rules';

/** Accepts only a real calendar date written YYYY-MM-DD; anything else is a 400 INVALID_DATE. */
@Injectable()
export class ParseLocalDatePipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (!isLocalDate(value)) {
      throw availabilityError(
        AvailabilityErrorCode.InvalidDate,
        `${metadata.data ?? 'date'} must be a real date written YYYY-MM-DD`,
      );
    }
    return value;
  }
}
