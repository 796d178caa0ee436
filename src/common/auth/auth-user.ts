import type { Role } from './role.enum';

/** The authenticated caller, as resolved from a verified access token and a live session. */
export interface AuthUser {
  id: string;
  role: Role;
  sessionId: string;
  email: string;
  /** Still on the initial password an admin chose (see @AllowPasswordChangePending). */
  passwordChangeRequired: boolean;
}
