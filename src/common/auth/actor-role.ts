import { Role } from './role.enum';

/** Who performed an action: an authenticated role, or the platform itself (jobs, purges). */
export type ActorRole = `${Role}` | 'system';

export const ACTOR_ROLES: readonly ActorRole[] = [...Object.values(Role), 'system'];
