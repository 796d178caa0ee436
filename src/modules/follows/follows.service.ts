import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { OutboxService } from '../outbox/outbox.service';
import { FollowEvents, type FollowChangedEvent } from './follows.events';
import { skipOf, type Page, type PaginationQueryDto } from '../../common/dto/pagination.dto';
import { TransactionRunner } from '../../database/transaction-runner';
import { DoctorsService } from '../doctors/doctors.service';
import type { FollowedDoctorDto, FollowStatusDto } from './dto/follow.dto';
import { FollowsRepository } from './follows.repository';
import { isDuplicateKey } from '../../database/duplicate-key';
import { DoctorDirectoryService } from '../doctors/doctor-directory.service';

/**
 * Follows and the doctor's follower count. The count is owned by the doctors module and moved
 * by exactly ±1 only when this module's write really created or removed a follow document: the
 * write publishes follow.created / follow.removed in its transaction, and the count handler
 * applies it in the delivery's transaction, so each change counts exactly once whatever process
 * dies when. The count is not updated in the request's own transaction because every follow of
 * a popular doctor would then write the same document and conflict with all the others.
 */
@Injectable()
export class FollowsService {
  constructor(
    private readonly follows: FollowsRepository,
    private readonly doctors: DoctorsService,
    private readonly doctorDirectory: DoctorDirectoryService,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxService,
  ) {}

  /** Applies a follow change to the doctor's count, once per event (in the delivery's transaction). */
  adjustCount(doctorId: string, delta: 1 | -1, session: ClientSession): Promise<void> {
    return this.doctors.adjustFollowers(doctorId, delta, session);
  }

  /** Idempotent; only publicly listed doctors can be followed (404 otherwise). */
  async follow(patientId: string, doctorId: string): Promise<FollowStatusDto> {
    await this.doctorDirectory.assertListed(doctorId);
    try {
      await this.tx.run(async (session) => {
        if (await this.follows.insertIfAbsent(patientId, doctorId, session)) {
          const event: FollowChangedEvent = { patientId, doctorId };
          await this.outbox.publish(session, FollowEvents.Created, event);
        }
      });
    } catch (err) {
      // A concurrent follow of the same pair won: the follow exists and was counted once.
      if (!isDuplicateKey(err)) {
        throw err;
      }
    }
    return { doctorId, following: true };
  }

  /** Idempotent; works whatever the doctor's state, so nobody is stuck following. */
  async unfollow(patientId: string, doctorId: string): Promise<FollowStatusDto> {
    await this.tx.run(async (session) => {
      if (await this.follows.deleteIfPresent(patientId, doctorId, session)) {
        const event: FollowChangedEvent = { patientId, doctorId };
        await this.outbox.publish(session, FollowEvents.Removed, event);
      }
    });
    return { doctorId, following: false };
  }

  async status(patientId: string, doctorId: string): Promise<FollowStatusDto> {
    return { doctorId, following: await this.follows.exists(patientId, doctorId) };
  }

  async list(patientId: string, q: PaginationQueryDto): Promise<Page<FollowedDoctorDto>> {
    const { items, total } = await this.follows.listByPatient(patientId, skipOf(q), q.limit);
    const cards = await this.doctorDirectory.publicCardsByIds(
      items.map((f) => f.doctorId.toHexString()),
    );
    return {
      items: items.map((f) => {
        const doctorId = f.doctorId.toHexString();
        return {
          doctorId,
          followedAt: new Date(f.createdAt).toISOString(),
          doctor: cards.get(doctorId) ?? null,
        };
      }),
      total,
      page: q.page,
      limit: q.limit,
    };
  }

  /** A purged patient's follows are erased, and the counts of the doctors they followed drop. */
  async removeAllOfPatient(patientId: string): Promise<void> {
    for (const doctorId of await this.follows.doctorIdsOfPatient(patientId)) {
      await this.unfollow(patientId, doctorId);
    }
  }
}
