import { Reflector } from '@nestjs/core';

/** The human-readable `message` of a handler's success envelope. */
export const ResponseMessage = Reflector.createDecorator<string>();
