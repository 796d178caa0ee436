import { Injectable, PipeTransform, ArgumentMetadata } from '@nestjs/common';
import { isValidObjectId, Types } from 'mongoose';
import { CommonErrorCode, commonError } from '../errors/error-codes';
import { invalidIdMessage } from './validation.pipe';

/** Accepts only 24-hex-character ObjectIds; anything else is a 400 INVALID_ID. */
@Injectable()
export class ParseObjectIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !/^[0-9a-fA-F]{24}$/.test(value) || !isValidObjectId(value)) {
      throw commonError(CommonErrorCode.InvalidId, invalidIdMessage(metadata.data ?? 'id'));
    }
    return new Types.ObjectId(value).toHexString();
  }
}
