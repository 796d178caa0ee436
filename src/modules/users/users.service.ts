import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Role } from '../../common/auth/role.enum';
import { conflict, notFound } from '../../common/errors/app-error';
import { PasswordHasher } from './password-hasher';
import { AccountStatus } from './schemas/user.schema';
import { UsersErrorCode } from './users.errors';
import { UserEvents, type UserRegisteredEvent } from './users.events';
import { UserRecord, UsersRepository, type UserIdentity } from './users.repository';

export interface RegisterInput {
  name: string;
  email: string;
  password: string;
}

const isDuplicateKey = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Creates an account. Uniqueness of the e-mail is the unique index's job: two racing
   * registrations of one address produce exactly one account and one EMAIL_TAKEN.
   */
  async createAccount(
    input: RegisterInput,
    role: Role = Role.Patient,
    options: { mustChangePassword?: boolean } = {},
  ): Promise<UserRecord> {
    const passwordHash = await this.hasher.hash(input.password);
    try {
      const user = await this.users.create({
        email: input.email.trim().toLowerCase(),
        name: input.name.trim(),
        passwordHash,
        role,
        mustChangePassword: options.mustChangePassword ?? false,
      });
      const event: UserRegisteredEvent = {
        userId: user._id.toHexString(),
        email: user.email,
        name: user.name,
      };
      this.events.emit(UserEvents.Registered, event);
      return user;
    } catch (err) {
      if (isDuplicateKey(err)) {
        throw conflict(UsersErrorCode.EmailTaken, 'An account with this e-mail already exists');
      }
      throw err;
    }
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return this.users.findByEmail(email);
  }

  findById(id: string): Promise<UserRecord | null> {
    return this.users.findById(id);
  }

  findByIds(ids: string[]): Promise<UserRecord[]> {
    return ids.length ? this.users.findByIds(ids) : Promise.resolve([]);
  }

  async getById(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user || user.status === AccountStatus.Deleted) {
      throw notFound(UsersErrorCode.UserNotFound, 'User not found');
    }
    return user;
  }

  /** The small projection checked on every authenticated request. */
  findIdentity(id: string): Promise<UserIdentity | null> {
    return this.users.findIdentity(id);
  }

  /** Checks a password against the stored hash in constant-ish time (also for unknown users). */
  verifyPassword(
    user: Pick<UserRecord, 'passwordHash'> | null,
    password: string,
  ): Promise<boolean> {
    return this.hasher.verify(password, user?.passwordHash);
  }

  async setPassword(userId: string, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    const updated = await this.users.update(userId, {
      passwordHash,
      passwordChangedAt: new Date(),
      mustChangePassword: false,
    });
    if (!updated) throw notFound(UsersErrorCode.UserNotFound, 'User not found');
  }

  async setRole(userId: string, role: Role): Promise<UserRecord> {
    const updated = await this.users.update(userId, { role });
    if (!updated) throw notFound(UsersErrorCode.UserNotFound, 'User not found');
    return updated;
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
      if (!isDuplicateKey(err)) throw err;
    }
    this.logger.log(`Admin account ensured for ${email.trim().toLowerCase()}`);
  }
}
