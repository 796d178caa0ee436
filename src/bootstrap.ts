import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Connection } from 'mongoose';
import { Logger } from 'nestjs-pino';
import { resolve } from 'node:path';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { createValidationPipe } from './common/pipes/validation.pipe';
import { ensureIndexes } from './database/ensure-indexes';
import { buildOpenApiDocument } from './openapi';

export const API_PREFIX = 'api/v1';

export interface CreateAppOptions {
  /** Buffer and route Nest's own logs through pino (off for the OpenAPI script). */
  logger?: boolean;
  /** Only build the OpenAPI document: no database connection, no index creation. */
  documentOnly?: boolean;
}

/** Creates and fully configures the app; main.ts, the tests and the OpenAPI script share it. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, { lazyDatabase: options.documentOnly }),
    {
      bodyParser: false,
      bufferLogs: options.logger !== false,
      logger: options.logger === false ? false : undefined,
      abortOnError: false,
    },
  );
  if (options.logger !== false) app.useLogger(app.get(Logger));
  await configureApp(app, config, { ensureIndexes: !options.documentOnly });
  return app;
}

export async function configureApp(
  app: NestExpressApplication,
  config: AppConfig,
  options: { ensureIndexes: boolean },
): Promise<void> {
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.disable('x-powered-by');
  app.use(
    helmet({
      // Swagger UI needs inline scripts and styles; everything else keeps helmet's defaults.
      contentSecurityPolicy: {
        directives: {
          scriptSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'https:'],
        },
      },
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  app.enableCors({
    origin: config.CORS_ORIGINS,
    credentials: true,
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  // Webhook signatures are computed over the exact bytes sent, so these routes keep them raw.
  app.use(
    `/${API_PREFIX}/payments/webhooks`,
    express.raw({ type: () => true, limit: config.BODY_LIMIT }),
  );
  app.use(express.json({ limit: config.BODY_LIMIT, strict: true }));
  app.use(express.urlencoded({ extended: false, limit: config.BODY_LIMIT }));
  // Body parsing runs before Nest's filters, so its failures need the same envelope here.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    AllExceptionsFilter.respond(err, req, res);
  });
  app.useStaticAssets(resolve(config.UPLOAD_DIR), {
    prefix: '/uploads/',
    index: false,
    dotfiles: 'deny',
    setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
  });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'DocBook API',
    swaggerOptions: { persistAuthorization: true },
  });

  if (options.ensureIndexes) {
    await ensureIndexes(app.get<Connection>(getConnectionToken()), new NestLogger('Database'));
  }
}
