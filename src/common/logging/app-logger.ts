import { Injectable } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { STARTUP_CONTEXTS } from './http-logger';

/** nestjs-pino's Nest logger, with the per-module and per-route start-up lines at debug. */
@Injectable()
export class AppLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) {
      super.debug(message, ...optionalParams);
      return;
    }
    super.log(message, ...optionalParams);
  }
}
