import { Injectable, Logger } from '@nestjs/common';
import { Role } from '../../common/auth/role.enum';
import { skipOf, type Page } from '../../common/dto/pagination.dto';
import { TransactionRunner } from '../../database/transaction-runner';
import { OutboxService } from '../outbox/outbox.service';
import { AccountStatus } from './domain/account-status';
import { toUserAccount, type UserAccount } from './domain/user';
import { UsersErrorCode, usersError } from './users.errors';
import { UserEvents, type UserDeactivatedEvent, type UserReactivatedEvent } from './users.events';
import { UsersRepository, type UserListFilter } from './users.repository';

export interface UserListQuery extends UserListFilter {
  page: number;
  limit: number;
}

/** What admins do to accounts: list, look up (deleted ones too), suspend, reactivate, count. */
@Injectable()
export class UserAdministrationService {
  private readonly logger = new Logger(UserAdministrationService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly outbox: OutboxService,
    private readonly tx: TransactionRunner,
  ) {}

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
}
