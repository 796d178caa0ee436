import { applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';

/** Marks operations the OpenAPI document must not give a 429 (see buildOpenApiDocument). */
export const NOT_RATE_LIMITED = 'x-not-rate-limited';

/** Exempts a controller or route from rate limiting, and says so in the OpenAPI document. */
export function NoRateLimit() {
  return applyDecorators(SkipThrottle(), ApiExtension(NOT_RATE_LIMITED, true));
}
