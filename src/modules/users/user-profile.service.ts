import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { MediaService, type UploadedImage } from '../media/media.service';
import { OutboxService } from '../outbox/outbox.service';
import { AccountStatus } from './domain/account-status';
import { parseCalendarDate } from './domain/date-of-birth';
import type { Gender } from './domain/gender';
import { toUserAccount, type UserAccount } from './domain/user';
import { PasswordHasher } from './password-hasher';
import { UsersErrorCode, usersError } from './users.errors';
import { UserEvents, type UserDeactivatedEvent, type UserRenamedEvent } from './users.events';
import { UsersRepository, type ProfileUpdate, type UserRecord } from './users.repository';

/** Profile fields a user may change; null clears phone, gender or date of birth. */
export interface ProfileChanges {
  name?: string;
  phone?: string | null;
  address?: { line1?: string | null; line2?: string | null };
  gender?: Gender | null;
  /** YYYY-MM-DD, already validated. */
  dateOfBirth?: string | null;
  /** IANA zone, already validated; null clears it. */
  timezone?: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a signed-in user does to their own account: profile, avatar, deletion. */
@Injectable()
export class UserProfileService {
  private readonly logger = new Logger(UserProfileService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly outbox: OutboxService,
    private readonly tx: TransactionRunner,
    private readonly media: MediaService,
    private readonly config: AppConfig,
  ) {}

  /** The caller's own account (404 once deleted). */
  async getOwn(userId: string): Promise<UserAccount> {
    return toUserAccount(await this.activeRecord(userId));
  }

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
    if (changes.timezone !== undefined) {
      set.timezone = changes.timezone;
    }
    // Storage keeps '' for a cleared line; responses show it as null.
    if (changes.address?.line1 !== undefined) {
      set['address.line1'] = changes.address.line1 ?? '';
    }
    if (changes.address?.line2 !== undefined) {
      set['address.line2'] = changes.address.line2 ?? '';
    }
    if (Object.keys(set).length === 0) {
      return toUserAccount(await this.activeRecord(userId));
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
    const user = await this.activeRecord(userId);
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

  private async activeRecord(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user || user.status === AccountStatus.Deleted) {
      throw usersError(UsersErrorCode.UserNotFound, 'User not found');
    }
    return user;
  }
}
