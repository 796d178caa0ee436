import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, trusted, type ClientSession } from 'mongoose';
import { Role } from '../../common/auth/role.enum';
import { searchTokens, userSearchKeys } from './domain/search-keys';
import { User } from './schemas/user.schema';
import { AccountStatus } from './domain/account-status';
import { StoredImage } from '../media/domain/stored-image';

export type UserRecord = User;

/** What the per-request auth check needs; kept small because it runs on every request. */
export interface UserIdentity {
  _id: Types.ObjectId;
  email: string;
  role: Role;
  status: AccountStatus;
  passwordChangedAt: Date | null;
  /** Absent on accounts stored before the flag existed, which means false. */
  mustChangePassword?: boolean;
  /** What writes on the caller's behalf copy (a booking's patient snapshot). */
  name: string;
  phone?: string | null;
  dateOfBirth?: Date | null;
  avatar?: { url?: string | null } | null;
}

export interface NewUser {
  email: string;
  passwordHash: string;
  name: string;
  role: Role;
  mustChangePassword?: boolean;
}

/** Profile fields a user edits; address lines are set individually so a PATCH keeps the other. */
export type ProfileUpdate = Partial<
  Pick<User, 'name' | 'phone' | 'gender' | 'dateOfBirth' | 'timezone'>
> & {
  'address.line1'?: string;
  'address.line2'?: string;
};

export interface UserListFilter {
  role?: Role;
  status?: AccountStatus;
  search?: string;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The only code that touches the users collection. */
@Injectable()
export class UsersRepository {
  constructor(@InjectModel(User.name) private readonly model: Model<User>) {}

  async create(user: NewUser, session?: ClientSession): Promise<UserRecord> {
    const searchKeys = userSearchKeys(user.name, user.email);
    const [doc] = await this.model.create([{ ...user, searchKeys }], { session });
    return doc.toObject();
  }

  findById(id: string): Promise<UserRecord | null> {
    return this.model.findById(id).lean<UserRecord>().exec();
  }

  findByIds(ids: string[]): Promise<UserRecord[]> {
    return this.model
      .find({ _id: trusted({ $in: ids.map((id) => new Types.ObjectId(id)) }) })
      .lean<UserRecord[]>()
      .exec();
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return this.model.findOne({ email: email.trim().toLowerCase() }).lean<UserRecord>().exec();
  }

  findIdentity(id: string): Promise<UserIdentity | null> {
    return this.model
      .findById(id, {
        email: 1,
        role: 1,
        status: 1,
        passwordChangedAt: 1,
        mustChangePassword: 1,
        name: 1,
        phone: 1,
        dateOfBirth: 1,
        'avatar.url': 1,
      })
      .lean<UserIdentity>()
      .exec();
  }

  /** Applies `set` only if the user is currently in one of `fromStatuses`; returns the result. */
  updateIfStatus(
    id: string,
    fromStatuses: AccountStatus[],
    set: Partial<User>,
    session?: ClientSession,
  ): Promise<UserRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), status: trusted({ $in: fromStatuses }) },
        { $set: set },
        { returnDocument: 'after', session },
      )
      .lean<UserRecord>()
      .exec();
  }

  /** Stores a new password hash and clears mustChangePassword; returns the account as it was. */
  replacePassword(
    id: string,
    passwordHash: string,
    at: Date,
    session?: ClientSession,
  ): Promise<UserRecord | null> {
    return this.model
      .findByIdAndUpdate(
        id,
        { $set: { passwordHash, passwordChangedAt: at, mustChangePassword: false } },
        { returnDocument: 'before', session },
      )
      .lean<UserRecord>()
      .exec();
  }

  /** Ids of the accounts that still have to replace an admin-chosen password. */
  async findMustChangePasswordIds(): Promise<string[]> {
    const rows = await this.model
      .find({ mustChangePassword: true }, { _id: 1 })
      .lean<Array<{ _id: Types.ObjectId }>>()
      .exec();
    return rows.map((r) => r._id.toHexString());
  }

  update(id: string, set: Partial<User>): Promise<UserRecord | null> {
    return this.model
      .findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after', runValidators: true })
      .lean<UserRecord>()
      .exec();
  }

  /** The role of an active account that has role `from`, in the caller's transaction. */
  changeActiveRole(
    id: string,
    from: Role,
    to: Role,
    session: ClientSession,
  ): Promise<UserRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), role: from, status: AccountStatus.Active },
        { $set: { role: to } },
        { returnDocument: 'after', session },
      )
      .lean<UserRecord>()
      .exec();
  }

  async list(
    filter: UserListFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: UserRecord[]; total: number }> {
    const query: Record<string, unknown> = {};
    if (filter.role) {
      query.role = filter.role;
    }
    if (filter.status) {
      query.status = filter.status;
    }
    if (filter.search !== undefined) {
      const tokens = searchTokens(filter.search);
      if (tokens.length === 0) {
        return { items: [], total: 0 };
      }
      query.$and = tokens.map((token) => ({
        searchKeys: trusted({ $regex: new RegExp(`^${escapeRegex(token)}`) }),
      }));
    }
    const [items, total] = await Promise.all([
      this.model
        .find(query)
        .sort({ createdAt: -1, _id: -1 })
        .skip(skip)
        .limit(limit)
        .lean<UserRecord[]>()
        .exec(),
      this.model.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  /** Accounts of a role, optionally in one status (served by the role_status_created index). */
  countByRole(role: Role, status?: AccountStatus): Promise<number> {
    return this.model.countDocuments(status ? { role, status } : { role }).exec();
  }

  /** Deleted accounts whose recovery window ended before `now`, oldest first. */
  findPurgeDue(now: Date, limit: number): Promise<UserRecord[]> {
    return this.model
      .find({ status: AccountStatus.Deleted, purgeAfter: trusted({ $lte: now }) })
      .sort({ purgeAfter: 1 })
      .limit(limit)
      .lean<UserRecord[]>()
      .exec();
  }

  /** Applies profile changes to an active account; null when it is missing or not active. */
  async updateActiveProfile(
    id: string,
    set: ProfileUpdate,
    session?: ClientSession,
  ): Promise<UserRecord | null> {
    if (set.name !== undefined) {
      // The e-mail never changes on an active account, so reading it first cannot race.
      const identity = await this.findIdentity(id);
      if (!identity) {
        return null;
      }
      const searchKeys = userSearchKeys(set.name, identity.email);
      return this.setIfActive(id, { ...set, searchKeys }, session);
    }
    return this.setIfActive(id, set, session);
  }

  private setIfActive(
    id: string,
    set: ProfileUpdate | (ProfileUpdate & { searchKeys: string[] }),
    session?: ClientSession,
  ): Promise<UserRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), status: AccountStatus.Active },
        { $set: set },
        { returnDocument: 'after', runValidators: true, session },
      )
      .lean<UserRecord>()
      .exec();
  }

  /**
   * Sets the avatar of an active account and returns the account as it was BEFORE, so the
   * caller deletes exactly the image this write replaced, even when uploads race.
   */
  replaceAvatarIfActive(id: string, avatar: StoredImage): Promise<UserRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), status: AccountStatus.Active },
        { $set: { avatar } },
        { returnDocument: 'before' },
      )
      .lean<UserRecord>()
      .exec();
  }

  /** Suspends an active, non-admin account; null when it is not in that state. */
  suspendIfActiveNonAdmin(
    id: string,
    reason: string,
    at: Date,
    session?: ClientSession,
  ): Promise<UserRecord | null> {
    return this.model
      .findOneAndUpdate(
        {
          _id: new Types.ObjectId(id),
          status: AccountStatus.Active,
          role: trusted({ $ne: Role.Admin }),
        },
        { $set: { status: AccountStatus.Suspended, suspendedAt: at, suspensionReason: reason } },
        { returnDocument: 'after', session },
      )
      .lean<UserRecord>()
      .exec();
  }

  /** Restores a deleted account whose recovery window is still open at `now`. */
  restoreIfRecoverable(id: string, now: Date, session?: ClientSession): Promise<UserRecord | null> {
    return this.model
      .findOneAndUpdate(
        {
          _id: new Types.ObjectId(id),
          status: AccountStatus.Deleted,
          purgeAfter: trusted({ $gt: now }),
        },
        {
          $set: {
            status: AccountStatus.Active,
            deletedAt: null,
            deletionReason: null,
            purgeAfter: null,
          },
        },
        { returnDocument: 'after', session },
      )
      .lean<UserRecord>()
      .exec();
  }

  /**
   * Overwrites the personal data of a deleted account that is due for purging at `now`. The
   * filter makes it a claim: of several concurrent purgers exactly one gets the record back;
   * clearing purgeAfter in the same write means it is never picked again.
   */
  anonymizeIfPurgeDue(
    id: string,
    now: Date,
    set: Partial<User>,
    session?: ClientSession,
  ): Promise<UserRecord | null> {
    return this.model
      .findOneAndUpdate(
        {
          _id: new Types.ObjectId(id),
          status: AccountStatus.Deleted,
          purgeAfter: trusted({ $lte: now }),
        },
        {
          $set: {
            ...set,
            purgeAfter: null,
            ...(set.name && set.email ? { searchKeys: userSearchKeys(set.name, set.email) } : {}),
          },
        },
        { returnDocument: 'after', session },
      )
      .lean<UserRecord>()
      .exec();
  }

  /** Upsert keyed on e-mail; used for the bootstrap admin. */
  async upsertByEmail(email: string, set: Partial<User>): Promise<UserRecord> {
    const doc = await this.model
      .findOneAndUpdate(
        { email: email.trim().toLowerCase() },
        {
          $set: {
            ...set,
            ...(set.name
              ? { searchKeys: userSearchKeys(set.name, email.trim().toLowerCase()) }
              : {}),
          },
          $setOnInsert: { email: email.trim().toLowerCase() },
        },
        { upsert: true, returnDocument: 'after', runValidators: true },
      )
      .lean<UserRecord>()
      .exec();
    return doc;
  }
}
