import type { ClientSession } from 'mongoose';
import { Injectable, Logger } from '@nestjs/common';
import { Role } from '../../common/auth/role.enum';
import { isDuplicateKey } from '../../database/duplicate-key';
import { TransactionRunner } from '../../database/transaction-runner';
import { InProcessEvents } from '../outbox/in-process-events';
import { OutboxService } from '../outbox/outbox.service';
import { AccountStatus } from './domain/account-status';
import { toUserAccount, type UserAccount } from './domain/user';
import { PasswordHasher } from './password-hasher';
import { UsersErrorCode, usersError } from './users.errors';
import {
  UserEvents,
  type UserInitialPasswordReplacedEvent,
  type UserReactivatedEvent,
  type UserRegisteredEvent,
} from './users.events';
import { UserRecord, UsersRepository, type UserIdentity } from './users.repository';

export interface RegisterInput {
  name: string;
  email: string;
  password: string;
}

/**
 * Accounts and credentials: creation, lookups other modules need (as narrow views, never the
 * password hash), password checks and changes, roles, the configured admin, recovery. The
 * owner's profile is UserProfileService, administration UserAdministrationService, erasure
 * AccountPurgeService.
 */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly events: InProcessEvents,
    private readonly outbox: OutboxService,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Creates an account. Uniqueness of the e-mail is the unique index's job: two racing
   * registrations of one address produce exactly one account and one EMAIL_TAKEN.
   */
  async createAccount(
    input: RegisterInput,
    role: Role = Role.Patient,
    options: { mustChangePassword?: boolean; session?: ClientSession } = {},
  ): Promise<UserAccount> {
    const passwordHash = await this.hasher.hash(input.password);
    try {
      const user = await this.users.create(
        {
          email: input.email.trim().toLowerCase(),
          name: input.name.trim(),
          passwordHash,
          role,
          mustChangePassword: options.mustChangePassword ?? false,
        },
        options.session,
      );
      // Inside a caller's transaction the account may still be rolled back: the caller
      // announces what it created once that commits (e.g. doctor.created).
      if (!options.session) {
        const event: UserRegisteredEvent = {
          userId: user._id.toHexString(),
          email: user.email,
          name: user.name,
        };
        await this.events.emit(UserEvents.Registered, event);
      }
      return toUserAccount(user);
    } catch (err) {
      if (isDuplicateKey(err)) {
        throw usersError(UsersErrorCode.EmailTaken, 'An account with this e-mail already exists');
      }
      throw err;
    }
  }

  async findByEmail(email: string): Promise<UserAccount | null> {
    const user = await this.users.findByEmail(email);
    return user && toUserAccount(user);
  }

  async findById(id: string): Promise<UserAccount | null> {
    const user = await this.users.findById(id);
    return user && toUserAccount(user);
  }

  async findByIds(ids: string[]): Promise<UserAccount[]> {
    const users = ids.length ? await this.users.findByIds(ids) : [];
    return users.map(toUserAccount);
  }

  async getById(id: string): Promise<UserAccount> {
    return toUserAccount(await this.getRecordById(id));
  }

  private async getRecordById(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user || user.status === AccountStatus.Deleted) {
      throw usersError(UsersErrorCode.UserNotFound, 'User not found');
    }
    return user;
  }

  /** The small projection checked on every authenticated request. */
  findIdentity(id: string): Promise<UserIdentity | null> {
    return this.users.findIdentity(id);
  }

  /** Checks a password against the stored hash in constant-ish time (also for unknown users). */
  async verifyPassword(user: Pick<UserAccount, '_id'> | null, password: string): Promise<boolean> {
    const record = user ? await this.users.findById(user._id.toHexString()) : null;
    return this.hasher.verify(password, record?.passwordHash);
  }

  async setPassword(userId: string, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    const before = await this.tx.run(async (session) => {
      const found = await this.users.replacePassword(userId, passwordHash, new Date(), session);
      if (found?.mustChangePassword) {
        const event: UserInitialPasswordReplacedEvent = { userId };
        await this.outbox.publish(session, UserEvents.InitialPasswordReplaced, event);
      }
      return found;
    });
    if (!before) {
      throw usersError(UsersErrorCode.UserNotFound, 'User not found');
    }
  }

  /** Accounts that still have to replace an admin-chosen password (read at start-up). */
  findMustChangePasswordIds(): Promise<string[]> {
    return this.users.findMustChangePasswordIds();
  }

  /**
   * An active account of role `from` takes role `to`, in the caller's transaction (so the role
   * commits with what it stands for, e.g. an approved application). Null when the account is no
   * longer an active `from`.
   */
  async changeActiveRole(
    userId: string,
    from: Role,
    to: Role,
    session: ClientSession,
  ): Promise<UserAccount | null> {
    const updated = await this.users.changeActiveRole(userId, from, to, session);
    return updated && toUserAccount(updated);
  }

  async setRole(userId: string, role: Role): Promise<UserAccount> {
    const updated = await this.users.update(userId, { role });
    if (!updated) {
      throw usersError(UsersErrorCode.UserNotFound, 'User not found');
    }
    return toUserAccount(updated);
  }

  /**
   * Creates or updates the configured admin account at start-up. Idempotent: the same
   * configuration run twice leaves one admin with that password.
   */
  async ensureAdmin(email: string, password: string, name: string): Promise<void> {
    const existing = await this.users.findByEmail(email);
    if (
      existing &&
      existing.role === Role.Admin &&
      (await this.hasher.verify(password, existing.passwordHash))
    ) {
      if (existing.status !== AccountStatus.Active) {
        await this.users.update(existing._id.toHexString(), { status: AccountStatus.Active });
      }
      return;
    }
    const passwordHash = await this.hasher.hash(password);
    try {
      await this.users.upsertByEmail(email, {
        name: existing?.name ?? name,
        passwordHash,
        role: Role.Admin,
        status: AccountStatus.Active,
        deletedAt: null,
        purgeAfter: null,
      });
    } catch (err) {
      // Another instance inserted the same admin at the same moment; its write is as good as ours.
      if (!isDuplicateKey(err)) {
        throw err;
      }
    }
    this.logger.log(`Admin account ensured for ${email.trim().toLowerCase()}`);
  }

  /**
   * Restores a soft-deleted account inside its recovery window. Unknown e-mail, wrong password
   * and an account that is not deleted all look the same (401), so this cannot probe accounts.
   */
  async recoverDeleted(email: string, password: string): Promise<UserAccount> {
    const user = await this.users.findByEmail(email);
    // Verified first and always (a dummy hash for unknown e-mails): equal timing for every case.
    const passwordOk = await this.hasher.verify(password, user?.passwordHash);
    if (!user || !passwordOk || user.status !== AccountStatus.Deleted || user.purgedAt) {
      throw usersError(UsersErrorCode.InvalidCredentials, 'Invalid e-mail or password');
    }
    const now = new Date();
    const notRecoverable = () =>
      usersError(
        UsersErrorCode.AccountNotRecoverable,
        'The recovery window for this account has ended',
      );
    if (!user.purgeAfter || new Date(user.purgeAfter) <= now) {
      throw notRecoverable();
    }
    const restored = await this.tx.run(async (session) => {
      const changed = await this.users.restoreIfRecoverable(user._id.toHexString(), now, session);
      if (changed) {
        const event: UserReactivatedEvent = { userId: changed._id.toHexString() };
        await this.outbox.publish(session, UserEvents.Reactivated, event);
      }
      return changed;
    });
    if (!restored) {
      throw notRecoverable();
    }
    this.logger.log(`Account ${restored._id.toHexString()} recovered`);
    return restored;
  }
}
