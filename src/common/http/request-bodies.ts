import type { NextFunction, Request, Response } from 'express';
import { CommonErrorCode, commonError } from '../errors/error-codes';

const ACCEPTED_BODIES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
];

/**
 * The body parsers skip a body whose Content-Type they do not handle, which would leave the
 * route validating an empty body ("email must be a string"). Such a body is a 415 instead.
 * Multipart is let through for the upload routes, whose own parser reads it.
 */
export function rejectUnparsedBodies(req: Request, _res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody =
    length !== undefined ? length !== '0' : req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is(ACCEPTED_BODIES)) {
    throw commonError(
      CommonErrorCode.UnsupportedMediaType,
      'Unsupported Content-Type; send application/json',
    );
  }
  next();
}
