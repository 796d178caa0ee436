import type { Logger } from '@nestjs/common';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';

/** Enough distinct refused origins to explain a misconfiguration, few enough to bound memory. */
const MAX_REPORTED_ORIGINS = 100;

/**
 * CORS for the configured origins. `*` alone allows every origin without credentials (browsers
 * refuse `*` with credentials). A refused origin is logged once at debug level, so an operator
 * can see why a browser gets no CORS headers without every request adding a line.
 */
export function corsOptions(
  origins: readonly string[],
  logger: Pick<Logger, 'debug'>,
): CorsOptions {
  const exposedHeaders = ['X-Request-Id', 'Retry-After'];
  if (origins.includes('*')) {
    return { origin: '*', credentials: false, exposedHeaders };
  }
  const allowed = new Set(origins);
  const reported = new Set<string>();
  return {
    origin: (origin, callback) => {
      if (origin === undefined || allowed.has(origin)) {
        return callback(null, true);
      }
      if (reported.size < MAX_REPORTED_ORIGINS && !reported.has(origin)) {
        reported.add(origin);
        logger.debug(`Refused origin ${JSON.stringify(origin)}: not in CORS_ORIGINS`);
      }
      callback(null, false);
    },
    credentials: true,
    exposedHeaders,
  };
}
