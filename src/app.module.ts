import {
  DynamicModule,
  MiddlewareConsumer,
  Module,
  NestModule,
  RequestMethod,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppThrottlerGuard } from './common/guards/app-throttler.guard';
import type { ExecutionContext } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DatabaseAvailabilityMiddleware } from './database/database-availability.middleware';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { EnvelopeInterceptor } from './common/interceptors/envelope.interceptor';
import { CacheControlInterceptor } from './common/http/cache-control';
import { AppLogger } from './common/logging/app-logger';
import { createHttpLogger, HTTP_LOGGER } from './common/logging/http-logger';
import { ForbiddenKeysMiddleware } from './common/middleware/forbidden-keys.middleware';
import { StrictThrottle } from './common/decorators/strict-throttle.decorator';
import { MongoThrottlerStorage } from './common/throttler/mongo-throttler.storage';
import { ThrottlerStorageModule } from './common/throttler/throttler-storage.module';
import { HealthModule } from './modules/health/health.module';
import { featureModules } from './modules/feature-modules';

function isStrict(ctx: ExecutionContext): boolean {
  const key = StrictThrottle.KEY;
  return Boolean(
    Reflect.getMetadata(key, ctx.getHandler()) ?? Reflect.getMetadata(key, ctx.getClass()),
  );
}

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, options: { lazyDatabase?: boolean } = {}): DynamicModule {
    const httpLogger = createHttpLogger(config.LOG_LEVEL);
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: { logger: httpLogger.logger },
          // bootstrap mounts the pino-http middleware itself (before the body parsers); this
          // only binds its per-request logger for the app's own log lines.
          useExisting: true,
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
        DatabaseModule.forRoot({ lazy: options.lazyDatabase }),
        EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
        ScheduleModule.forRoot(),
        // Counters live in MongoDB so that N instances share one limit instead of N.
        ThrottlerModule.forRootAsync({
          imports: [ThrottlerStorageModule],
          inject: [MongoThrottlerStorage],
          useFactory: (storage: MongoThrottlerStorage) => ({
            storage,
            throttlers: [
              { name: 'default', ttl: config.THROTTLE_TTL_MS, limit: config.THROTTLE_LIMIT },
              {
                name: 'auth',
                ttl: config.THROTTLE_AUTH_TTL_MS,
                limit: config.THROTTLE_AUTH_LIMIT,
                skipIf: (ctx) => !isStrict(ctx),
              },
            ],
          }),
        }),
        HealthModule,
        ...featureModules(config),
      ],
      providers: [
        { provide: HTTP_LOGGER, useValue: httpLogger },
        AppLogger,
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
        { provide: APP_INTERCEPTOR, useClass: CacheControlInterceptor },
        { provide: APP_GUARD, useClass: AppThrottlerGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ForbiddenKeysMiddleware).forRoutes('*path');
    // Health endpoints report the outage themselves: liveness stays 200, readiness says 503.
    consumer
      .apply(DatabaseAvailabilityMiddleware)
      .exclude(
        { path: 'health', method: RequestMethod.ALL },
        { path: 'health/*path', method: RequestMethod.ALL },
      )
      .forRoutes('*path');
  }
}
