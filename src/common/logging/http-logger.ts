import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { safeError } from './safe-error';
import { pinoHttp, type HttpLogger } from 'pino-http';

/** Injection token of the app's pino-http middleware. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Nest's start-up chatter (one line per module and per route) is useful when debugging the
 * wiring, noise otherwise: these contexts log at debug instead of info.
 */
export const STARTUP_CONTEXTS: ReadonlySet<string> = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
]);

/**
 * The one pino-http instance of the app. bootstrap mounts it as the very first middleware, so
 * every request (body-parser refusals, static files, paths outside the API prefix) gets an
 * `X-Request-Id` and an access-log line; nestjs-pino reuses its logger for the app's own logs.
 */
export function createHttpLogger(level: string): HttpLogger {
  return pinoHttp({
    level,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id =
        typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-razorpay-signature"]',
        'req.headers["stripe-signature"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.refreshToken',
        '*.accessToken',
        '*.token',
      ],
      censor: '[redacted]',
    },
    customProps: () => ({ service: 'docbook-api' }),
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/api/v1/health') },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: safeError,
    },
  });
}
