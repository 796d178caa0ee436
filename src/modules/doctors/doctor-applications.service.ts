import { Injectable, Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { Role } from '../../common/auth/role.enum';
import { skipOf, type Page } from '../../common/dto/pagination.dto';

import { TransactionRunner } from '../../database/transaction-runner';
import { OutboxService } from '../outbox/outbox.service';
import { AccountStatus } from '../users/domain/account-status';
import { UsersService } from '../users/users.service';
import { toDoctorApplication } from './doctor-application.mapper';
import { pickProfileFields, toProfileFields } from './doctor-profile-fields.mapper';
import {
  DoctorApplicationsRepository,
  type DoctorApplicationRecord,
} from './doctor-applications.repository';
import { DoctorsErrorCode, doctorsError } from './doctors.errors';
import {
  DoctorEvents,
  type DoctorApplicationApprovedEvent,
  type DoctorApplicationRejectedEvent,
  type DoctorApplicationSubmittedEvent,
  type DoctorCreatedEvent,
} from './doctors.events';
import { DoctorsRepository } from './doctors.repository';
import { approvedProfile } from './domain/approved-profile';
import type { ApplyForDoctorDto } from './dto/apply-for-doctor.dto';
import type { DoctorApplicationDto, ListApplicationsQueryDto } from './dto/doctor-application.dto';
import { ApplicationStatus } from './schemas/doctor-application.schema';
import { SpecialitiesService } from './specialities.service';
import { isDuplicateKey } from '../../database/duplicate-key';

/** Patients apply to practise; admins approve (the user becomes a doctor) or reject. */
@Injectable()
export class DoctorApplicationsService {
  private readonly logger = new Logger(DoctorApplicationsService.name);

  constructor(
    private readonly applications: DoctorApplicationsRepository,
    private readonly doctors: DoctorsRepository,
    private readonly specialities: SpecialitiesService,
    private readonly users: UsersService,
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxService,
  ) {}

  /** One pending application per user, enforced by a unique partial index (409 otherwise). */
  async apply(userId: string, dto: ApplyForDoctorDto): Promise<DoctorApplicationDto> {
    await this.specialities.assertExists(dto.speciality);
    let created: DoctorApplicationRecord;
    try {
      created = await this.transactions.run(async (session) => {
        const record = await this.applications.create(
          {
            userId: new Types.ObjectId(userId),
            ...toProfileFields(dto),
          },
          session,
        );
        const event: DoctorApplicationSubmittedEvent = {
          applicationId: record._id.toHexString(),
          userId,
          speciality: record.speciality,
        };
        await this.outbox.publish(session, DoctorEvents.ApplicationSubmitted, event);
        return record;
      });
    } catch (err) {
      if (isDuplicateKey(err)) {
        throw doctorsError(
          DoctorsErrorCode.ApplicationPending,
          'You already have a pending application',
        );
      }
      throw err;
    }
    return toDoctorApplication(created);
  }

  async listOwn(userId: string): Promise<DoctorApplicationDto[]> {
    const items = await this.applications.findByUser(userId);
    return items.map((a) => toDoctorApplication(a));
  }

  async list(q: ListApplicationsQueryDto): Promise<Page<DoctorApplicationDto>> {
    const { items, total } = await this.applications.list(q.status, skipOf(q), q.limit);
    const users = await this.users.findByIds(items.map((a) => a.userId.toHexString()));
    const byId = new Map(users.map((u) => [u._id.toHexString(), u]));
    return {
      items: items.map((a) => {
        const u = byId.get(a.userId.toHexString());
        return toDoctorApplication(a, u ? { name: u.name, email: u.email } : null);
      }),
      total,
      page: q.page,
      limit: q.limit,
    };
  }

  /**
   * Approves a pending application: in one transaction the application is claimed (only if
   * still pending) and the profile inserted; the role change runs last inside the callback, so
   * if it fails the transaction aborts and the application stays pending for a retry.
   */
  async approve(adminId: string, id: string): Promise<DoctorApplicationDto> {
    const application = await this.getPending(id);
    const userId = application.userId.toHexString();
    const user = await this.users.findById(userId);
    if (!user || user.status !== AccountStatus.Active || user.role !== Role.Patient) {
      // A concurrent approval may have made the applicant a doctor since the application was
      // read: that approval is the answer, not the role it produced.
      await this.getPending(id);
      throw notEligible();
    }
    await this.specialities.assertExists(application.speciality);

    const decided = await this.transactions.run(async (session) => {
      const claimed = await this.applications.decide(
        id,
        { status: ApplicationStatus.Approved, decidedBy: adminId },
        session,
      );
      if (!claimed) {
        throw this.notPending();
      }
      try {
        await this.doctors.insert(
          approvedProfile(application.userId, user.name, pickProfileFields(claimed), null),
          session,
        );
      } catch (err) {
        if (isDuplicateKey(err)) {
          throw doctorsError(DoctorsErrorCode.DoctorProfileExists, 'This user already is a doctor');
        }
        throw err;
      }
      if (!(await this.users.changeActiveRole(userId, Role.Patient, Role.Doctor, session))) {
        throw notEligible();
      }
      const approved: DoctorApplicationApprovedEvent = {
        applicationId: id,
        userId,
        byUserId: adminId,
      };
      const created: DoctorCreatedEvent = {
        doctorId: userId,
        name: user.name,
        speciality: claimed.speciality,
        via: 'application',
        byUserId: adminId,
      };
      await this.outbox.publish(session, DoctorEvents.ApplicationApproved, approved);
      await this.outbox.publish(session, DoctorEvents.Created, created);
      return claimed;
    });

    // A suspension that landed between the eligibility check and the insert found no profile to
    // update; copy the account's current status now so the profile cannot be wrongly listed.
    const current = await this.users.findById(userId);
    if (current && current.status !== AccountStatus.Active) {
      await this.doctors.updateProfile(userId, { accountStatus: current.status });
    }

    this.logger.log(`Application ${id} approved by ${adminId}: user ${userId} is a doctor`);
    return toDoctorApplication(decided, { name: user.name, email: user.email });
  }

  async reject(adminId: string, id: string, reason: string): Promise<DoctorApplicationDto> {
    const decided = await this.transactions.run(async (session) => {
      const claimed = await this.applications.decide(
        id,
        { status: ApplicationStatus.Rejected, decidedBy: adminId, rejectionReason: reason },
        session,
      );
      if (claimed) {
        const event: DoctorApplicationRejectedEvent = {
          applicationId: id,
          userId: claimed.userId.toHexString(),
          byUserId: adminId,
          reason,
        };
        await this.outbox.publish(session, DoctorEvents.ApplicationRejected, event);
      }
      return claimed;
    });
    if (!decided) {
      await this.getPending(id); // 404 if it does not exist, 409 if it is already decided
      throw this.notPending();
    }
    const userId = decided.userId.toHexString();
    const user = await this.users.findById(userId);
    return toDoctorApplication(decided, user ? { name: user.name, email: user.email } : null);
  }

  private async getPending(id: string): Promise<DoctorApplicationRecord> {
    const application = await this.applications.findById(id);
    if (!application) {
      throw doctorsError(DoctorsErrorCode.ApplicationNotFound, 'Application not found');
    }
    if (application.status !== ApplicationStatus.Pending) {
      throw this.notPending();
    }
    return application;
  }

  private notPending() {
    return doctorsError(DoctorsErrorCode.ApplicationNotPending, 'The application is not pending');
  }
}

const notEligible = () =>
  doctorsError(
    DoctorsErrorCode.ApplicantNotEligible,
    'Only an active patient account can become a doctor',
  );
