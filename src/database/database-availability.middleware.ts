import { Injectable, NestMiddleware } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { NextFunction, Request, Response } from 'express';
import { ConnectionStates, type Connection } from 'mongoose';
import { databaseUnavailable } from './database-unavailable';

/**
 * Answers 503 at once while the driver already knows MongoDB is unreachable, instead of letting
 * every request wait out server selection. Mongoose flips readyState from the driver's server
 * checks, so requests flow again as soon as a check succeeds; operations started while the state
 * is still "connected" are bounded by the driver's timeouts and mapped to 503 by the filter.
 */
@Injectable()
export class DatabaseAvailabilityMiddleware implements NestMiddleware {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  use(_req: Request, _res: Response, next: NextFunction): void {
    if (this.connection.readyState !== ConnectionStates.connected) {
      throw databaseUnavailable();
    }
    next();
  }
}
