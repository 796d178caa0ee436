import type { Type } from '@nestjs/common';
import { UsersModule } from './users/users.module';

/** Feature modules, in dependency order. Each owns one folder under src/modules/. */
export const FEATURE_MODULES: Type<unknown>[] = [UsersModule];
