import type { Migration } from './migration';
import { migration as m0001 } from './0001-doctors-derived-fields';
import { migration as m0002 } from './0002-users-search-keys';
import { migration as m0003 } from './0003-doctors-rating-aggregate';
import { migration as m0004 } from './0004-drop-calendar-versions';

/** Every migration, in order. A new one is a new numbered file, added at the end. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004];
