import { Injectable, type PipeTransform } from '@nestjs/common';
import type { FieldError } from '../dto/envelope.dto';
import { CommonErrorCode, commonError } from '../errors/error-codes';

/**
 * For routes that take no query parameter (`@Query(NoQueryParameters)`): any parameter is
 * 400 VALIDATION_FAILED, in the validation pipe's wording, rather than silently ignored (a
 * client sending `?userId=` must not believe it was honoured).
 */
@Injectable()
export class NoQueryParameters implements PipeTransform<Record<string, unknown>, void> {
  transform(query: Record<string, unknown>): void {
    const details: FieldError[] = Object.keys(query ?? {}).map((field) => ({
      field,
      errors: [`property ${field} should not exist`],
    }));
    if (details.length) {
      throw commonError(
        CommonErrorCode.ValidationFailed,
        `${details[0].field}: ${details[0].errors[0]}`,
        details,
      );
    }
  }
}
