/** Domain events published by the users module. Listeners must be idempotent. */
export const UserEvents = {
  /** The account can no longer be used (suspended or deleted): end its sessions. */
  Deactivated: 'user.deactivated',
  /** The account's personal data was erased: de-identify records that are kept. */
  Purged: 'user.purged',
  /**
   * The account replaced the initial password an admin chose (changed or reset it): modules
   * holding the account back until then (doctor listings) follow. Not sent for later changes.
   */
  InitialPasswordReplaced: 'user.initial_password_replaced',
  Registered: 'user.registered',
  /** The display name changed: modules keeping a copy of it (doctor profiles) follow. */
  Renamed: 'user.renamed',
  /** A suspended or deleted account became usable again (reactivated or recovered). */
  Reactivated: 'user.reactivated',
} as const;

export interface UserDeactivatedEvent {
  userId: string;
  reason: 'suspended' | 'deleted';
}

export interface UserPurgedEvent {
  userId: string;
}

export interface UserInitialPasswordReplacedEvent {
  userId: string;
}

export interface UserRegisteredEvent {
  userId: string;
  email: string;
  name: string;
}

export interface UserReactivatedEvent {
  userId: string;
}

export interface UserRenamedEvent {
  userId: string;
  name: string;
}
