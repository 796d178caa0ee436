import { Logger as NestLogger, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { admission } from './common/http/admission';
import type { Connection } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import type { HttpLogger } from 'pino-http';
import { resolve } from 'node:path';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { corsOptions } from './common/cors/cors-options';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { noStoreByDefault } from './common/http/cache-control';
import { rejectUnparsedBodies } from './common/http/request-bodies';
import { rootLinks } from './common/http/root-links';
import { HTTP_LOGGER } from './common/logging/http-logger';
import { AppLogger } from './common/logging/app-logger';
import { createValidationPipe } from './common/pipes/validation.pipe';
import { connectAtStartup } from './database/connect-at-startup';
import { ensureIndexes } from './database/ensure-indexes';
import { MigrationRunner } from './database/migrations/migration-runner';
import { buildOpenApiDocument } from './openapi';

export const API_PREFIX = 'api/v1';
/** Prescripto's clients call /api/user, /api/doctor and /api/admin, outside API_PREFIX. */
export const PRESCRIPTO_PREFIXES = ['api/user', 'api/doctor', 'api/admin'] as const;

export interface CreateAppOptions {
  /** Route Nest's own logs through pino (off for the OpenAPI script). */
  logger?: boolean;
  /** Only build the OpenAPI document: no database connection, no index creation. */
  documentOnly?: boolean;
}

/** Creates and fully configures the app; main.ts, the tests and the OpenAPI script share it. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestExpressApplication> {
  // Logs go out as they happen (not buffered until Nest is up), so a slow or failing start-up
  // shows where it stands; the same pino root serves the request logs later.
  const logger = options.logger === false ? false : startupLogger(config);
  NestLogger.overrideLogger(logger);
  if (!options.documentOnly) {
    await connectAtStartup(config, new NestLogger('Database'));
  }
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, { lazyDatabase: options.documentOnly }),
    { bodyParser: false, logger, abortOnError: false },
  );
  if (options.logger !== false) {
    app.useLogger(app.get(AppLogger));
  }
  await configureApp(app, config, { ensureIndexes: !options.documentOnly });
  return app;
}

function startupLogger(config: AppConfig): AppLogger {
  const params = { pinoHttp: { level: config.LOG_LEVEL } };
  return new AppLogger(new PinoLogger(params), params);
}

export async function configureApp(
  app: NestExpressApplication,
  config: AppConfig,
  options: { ensureIndexes: boolean },
): Promise<void> {
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.disable('x-powered-by');
  // First, so every response (body-parser refusals, static files, paths outside the API) has a
  // request id, an access-log line and a Cache-Control header.
  app.use(app.get<HttpLogger>(HTTP_LOGGER));
  app.use(noStoreByDefault);
  const server = app.getHttpAdapter().getInstance();
  server.get('/', (_req: Request, res: Response) => {
    res.json(rootLinks(API_PREFIX));
  });
  app.use(
    helmet({
      // Swagger UI needs inline scripts and styles; everything else keeps helmet's defaults but
      // upgrade-insecure-requests: over plain HTTP on any host but localhost it makes the browser
      // fetch /docs' own CSS and JS over https, which a plain-HTTP deployment does not serve.
      // TLS deployments get https from the proxy's redirect and HSTS instead.
      contentSecurityPolicy: {
        directives: {
          scriptSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'https:'],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  app.enableCors(corsOptions(config.CORS_ORIGINS, new NestLogger('Cors')));
  // Webhook signatures are computed over the exact bytes sent, so these routes keep them raw.
  app.use(
    `/${API_PREFIX}/payments/webhooks`,
    express.raw({ type: () => true, limit: config.BODY_LIMIT }),
  );
  app.use(express.json({ limit: config.BODY_LIMIT, strict: true }));
  app.use(express.urlencoded({ extended: false, limit: config.BODY_LIMIT }));
  app.use(rejectUnparsedBodies);
  // After body parsing and the request logger, before any route work.
  app.use(
    admission({
      maxInFlight: config.HTTP_MAX_IN_FLIGHT,
      queueLimit: config.HTTP_QUEUE_LIMIT,
      queueTimeoutMs: config.HTTP_QUEUE_TIMEOUT_MS,
    }),
  );
  // Body parsing runs before Nest's filters, so its failures need the same envelope here.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) {
      return next();
    }
    AllExceptionsFilter.respond(err, req, res);
  });
  app.useStaticAssets(resolve(config.UPLOAD_DIR), {
    prefix: '/uploads/',
    index: false,
    dotfiles: 'deny',
    setHeaders: (res: Response) => res.setHeader('X-Content-Type-Options', 'nosniff'),
  });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: PRESCRIPTO_PREFIXES.map((path) => ({
      path: `${path}/{*rest}`,
      method: RequestMethod.ALL,
    })),
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'DocBook API',
    swaggerOptions: { persistAuthorization: true },
  });

  if (options.ensureIndexes) {
    const connection = app.get<Connection>(getConnectionToken());
    await ensureIndexes(connection, new NestLogger('Database'));
    // Before traffic, after the indexes (which the migrations' queries use); of several
    // instances starting together one runs them and the others wait.
    await new MigrationRunner(connection).up();
  }
}
