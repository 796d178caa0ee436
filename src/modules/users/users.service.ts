import type { ClientSession } from 'mongoose';
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Role } from '../../common/auth/role.enum';
import { skipOf, type Page } from '../../common/dto/pagination.dto';

import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { MediaService, type UploadedImage } from '../media/media.service';
import { InProcessEvents } from '../outbox/in-process-events';
import { OutboxService } from '../outbox/outbox.service';
import { parseCalendarDate } from './domain/date-of-birth';
import { PasswordHasher } from './password-hasher';
import { type User } from './schemas/user.schema';
import { AccountStatus } from './domain/account-status';
import { Gender } from './domain/gender';
import { UsersErrorCode, usersError } from './users.errors';
import {
  UserEvents,
  type UserDeactivatedEvent,
  type UserInitialPasswordReplacedEvent,
  type UserPurgedEvent,
  type UserReactivatedEvent,
  type UserRegisteredEvent,
  type UserRenamedEvent,
} from './users.events';
import {
  UserRecord,
  UsersRepository,
  type ProfileUpdate,
  type UserIdentity,
  type UserListFilter,
} from './users.repository';
import { isDuplicateKey } from '../../database/duplicate-key';
import { toUserAccount, type UserAccount } from './domain/user';

export interface RegisterInput {
  name: string;
  email: string;
  password: string;
}

/** Profile fields a user may change; null clears phone, gender or date of birth. */
export interface ProfileChanges {
  name?: string;
  phone?: string | null;
  address?: { line1?: string | null; line2?: string | null };
  gender?: Gender | null;
  /** YYYY-MM-DD, already validated. */
  dateOfBirth?: string | null;
}

export interface UserListQuery extends UserListFilter {
  page: number;
  limit: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const PURGE_BATCH = 100;
export const PURGED_NAME = 'Deleted user';
/** The address a purged account gets: unique, never deliverable (.invalid, RFC 2606). */
export const purgedEmail = (userId: string): string => `purged+${userId}@deleted.invalid`;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly events: InProcessEvents,
    private readonly outbox: OutboxService,
    private readonly tx: TransactionRunner,
    private readonly media: MediaService,
    private readonly config: AppConfig,
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

  // ---- Own profile ----

  async updateProfile(userId: string, changes: ProfileChanges): Promise<UserAccount> {
    const set: ProfileUpdate = {};
    if (changes.name !== undefined) {
      set.name = changes.name;
    }
    if (changes.phone !== undefined) {
      set.phone = changes.phone;
    }
    if (changes.gender !== undefined) {
      set.gender = changes.gender;
    }
    if (changes.dateOfBirth !== undefined) {
      set.dateOfBirth =
        changes.dateOfBirth === null ? null : parseCalendarDate(changes.dateOfBirth);
    }
    // Storage keeps '' for a cleared line; responses show it as null.
    if (changes.address?.line1 !== undefined) {
      set['address.line1'] = changes.address.line1 ?? '';
    }
    if (changes.address?.line2 !== undefined) {
      set['address.line2'] = changes.address.line2 ?? '';
    }
    if (Object.keys(set).length === 0) {
      return this.getById(userId);
    }
    const updated = await this.tx.run(async (session) => {
      const changed = await this.users.updateActiveProfile(userId, set, session);
      if (changed && set.name !== undefined) {
        const event: UserRenamedEvent = { userId, name: changed.name };
        await this.outbox.publish(session, UserEvents.Renamed, event);
      }
      return changed;
    });
    if (!updated) {
      throw usersError(UsersErrorCode.UserNotFound, 'User not found');
    }
    return toUserAccount(updated);
  }

  /** Stores a new avatar, then deletes the one it replaced. */
  async setAvatar(userId: string, file: UploadedImage | undefined): Promise<UserAccount> {
    const image = await this.media.store(file, 'avatars');
    const before = await this.users.replaceAvatarIfActive(userId, image);
    if (!before) {
      await this.media.delete(image);
      throw usersError(UsersErrorCode.UserNotFound, 'User not found');
    }
    await this.media.delete(before.avatar);
    return toUserAccount({ ...before, avatar: image });
  }

  /**
   * Soft-deletes the caller's account after checking the password. The account is hidden at
   * once and its sessions stop working (every request checks the account's status; the outbox
   * handler then revokes them); it can be recovered until purgeAfter.
   */
  async deleteOwnAccount(userId: string, password: string, reason?: string): Promise<void> {
    const user = await this.getRecordById(userId);
    if (!(await this.hasher.verify(password, user.passwordHash))) {
      throw usersError(UsersErrorCode.InvalidPassword, 'The password is incorrect');
    }
    const now = new Date();
    const deleted = await this.tx.run(async (session) => {
      const changed = await this.users.updateIfStatus(
        userId,
        [AccountStatus.Active],
        {
          status: AccountStatus.Deleted,
          deletedAt: now,
          deletionReason: reason || null,
          purgeAfter: new Date(now.getTime() + this.config.ACCOUNT_RECOVERY_DAYS * DAY_MS),
        },
        session,
      );
      if (changed) {
        const event: UserDeactivatedEvent = { userId, reason: 'deleted' };
        await this.outbox.publish(session, UserEvents.Deactivated, event);
      }
      return changed;
    });
    if (!deleted) {
      throw usersError(UsersErrorCode.InvalidStatusChange, 'Only an active account can be deleted');
    }
    this.logger.log(
      `Account ${userId} deleted; recoverable until ${deleted.purgeAfter?.toISOString()}`,
    );
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

  // ---- Administration ----

  async listUsers(query: UserListQuery): Promise<Page<UserAccount>> {
    const { items, total } = await this.users.list(
      { role: query.role, status: query.status, search: query.search },
      skipOf(query),
      query.limit,
    );
    return { items: items.map(toUserAccount), total, page: query.page, limit: query.limit };
  }

  /** How many patients the platform has, optionally only those in one account status. */
  countPatients(status?: AccountStatus): Promise<number> {
    return this.users.countByRole(Role.Patient, status);
  }

  /** Any account, including deleted ones (admins see them with their status). */
  async getAnyById(id: string): Promise<UserAccount> {
    const user = await this.users.findById(id);
    if (!user) {
      throw usersError(UsersErrorCode.UserNotFound, 'User not found');
    }
    return toUserAccount(user);
  }

  /** Suspends an active account; its sessions stop working at once (see deleteOwnAccount). */
  async suspend(actorId: string, targetId: string, reason: string): Promise<UserAccount> {
    if (actorId === targetId) {
      throw usersError(UsersErrorCode.CannotModifySelf, 'You cannot suspend your own account');
    }
    const target = await this.getAnyById(targetId);
    if (target.role === Role.Admin) {
      throw usersError(UsersErrorCode.CannotModifyAdmin, 'Administrators cannot be suspended');
    }
    const updated = await this.tx.run(async (session) => {
      const changed = await this.users.suspendIfActiveNonAdmin(
        targetId,
        reason,
        new Date(),
        session,
      );
      if (changed) {
        const event: UserDeactivatedEvent = { userId: targetId, reason: 'suspended' };
        await this.outbox.publish(session, UserEvents.Deactivated, event);
      }
      return changed;
    });
    if (!updated) {
      throw usersError(
        UsersErrorCode.InvalidStatusChange,
        'Only an active account can be suspended',
        { status: target.status },
      );
    }
    this.logger.log(`Account ${targetId} suspended by ${actorId}`);
    return toUserAccount(updated);
  }

  /** Lifts a suspension. Deleted accounts are recovered by their owner, not reactivated. */
  async reactivate(actorId: string, targetId: string): Promise<UserAccount> {
    const target = await this.getAnyById(targetId);
    const updated = await this.tx.run(async (session) => {
      const changed = await this.users.updateIfStatus(
        targetId,
        [AccountStatus.Suspended],
        { status: AccountStatus.Active, suspendedAt: null, suspensionReason: null },
        session,
      );
      if (changed) {
        const event: UserReactivatedEvent = { userId: targetId };
        await this.outbox.publish(session, UserEvents.Reactivated, event);
      }
      return changed;
    });
    if (!updated) {
      throw usersError(
        UsersErrorCode.InvalidStatusChange,
        'Only a suspended account can be reactivated',
        { status: target.status },
      );
    }
    this.logger.log(`Account ${targetId} reactivated by ${actorId}`);
    return toUserAccount(updated);
  }

  // ---- Purge ----

  /**
   * Erases the personal data of deleted accounts whose recovery window ended by `now`. Safe to
   * run concurrently: each account is claimed by a conditional write, so it is purged (and its
   * Purged event published) once. Returns how many accounts this call purged.
   */
  async purgeExpiredAccounts(now: Date): Promise<number> {
    let purged = 0;
    const seen = new Set<string>();
    for (;;) {
      const due = (await this.users.findPurgeDue(now, PURGE_BATCH)).filter(
        (u) => !seen.has(u._id.toHexString()),
      );
      if (due.length === 0) {
        break;
      }
      for (const user of due) {
        const id = user._id.toHexString();
        seen.add(id);
        if (await this.purgeOne(user, now)) {
          purged += 1;
        }
      }
    }
    return purged;
  }

  private async purgeOne(user: UserRecord, now: Date): Promise<boolean> {
    const id = user._id.toHexString();
    // Storage first: if the process dies after this, the record is still due and is retried.
    await this.media.delete(user.avatar);
    const anonymized: Partial<User> = {
      email: purgedEmail(id),
      name: PURGED_NAME,
      phone: null,
      gender: null,
      dateOfBirth: null,
      address: { line1: '', line2: '' },
      avatar: null,
      // Not a bcrypt hash, so no password can ever match it.
      passwordHash: `!purged:${randomBytes(32).toString('hex')}`,
      passwordChangedAt: now,
      mustChangePassword: false,
      deletionReason: null,
      suspensionReason: null,
      purgedAt: now,
    };
    // The erasure and its event commit together: every module's copy of the personal data is
    // then erased by the event's handlers, however often the process dies meanwhile.
    return this.tx.run(async (session) => {
      const done = await this.users.anonymizeIfPurgeDue(id, now, anonymized, session);
      if (!done) {
        return false;
      } // recovered meanwhile, or another runner got it first
      const event: UserPurgedEvent = { userId: id };
      await this.outbox.publish(session, UserEvents.Purged, event);
      return true;
    });
  }
}
