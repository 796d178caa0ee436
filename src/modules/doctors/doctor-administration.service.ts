import { Injectable, Logger } from '@nestjs/common';
import { Role } from '../../common/auth/role.enum';
import { skipOf, type Page } from '../../common/dto/pagination.dto';
import { TransactionRunner } from '../../database/transaction-runner';
import { MediaService, type UploadedImage } from '../media/media.service';
import { OutboxService } from '../outbox/outbox.service';
import { UsersService } from '../users/users.service';
import { toProfileFields } from './doctor-profile-fields.mapper';
import { DoctorRecords, listFilterOf, ownProfileChanges } from './doctor-records';
import { toAdminDoctor } from './doctor.mapper';
import { DoctorEvents, type DoctorCreatedEvent } from './doctors.events';
import {
  DoctorsRepository,
  type DoctorChanges,
  type DoctorListCriteria,
  type DoctorRecord,
} from './doctors.repository';
import { approvedProfile } from './domain/approved-profile';
import { DoctorSort, SORT_SPECS, type SortSpec } from './domain/doctor-sort';
import type { CreateDoctorDto } from './dto/create-doctor.dto';
import type { AdminDoctorDto } from './dto/doctor-response.dto';
import type { AdminDoctorSort, AdminListDoctorsQueryDto } from './dto/list-doctors-query.dto';
import type { AdminUpdateDoctorDto } from './dto/update-doctor.dto';
import { ApprovalStatus } from './schemas/doctor.schema';
import { SpecialitiesService } from './specialities.service';

export interface CreateDoctorOptions {
  /**
   * The account still has to replace its admin-chosen password before it may use /api/v1, but
   * the profile is listed and bookable at once (instead of after that change). For admin tools
   * with no password change of their own, where the admin's password is the doctor's.
   */
  listBeforePasswordChange?: boolean;
}

const ADMIN_NEWEST: SortSpec = { createdAt: -1, _id: -1 };

/** What admins do to doctors: create (account and profile at once), list, edit, count. */
@Injectable()
export class DoctorAdministrationService {
  private readonly logger = new Logger(DoctorAdministrationService.name);

  constructor(
    private readonly doctors: DoctorsRepository,
    private readonly records: DoctorRecords,
    private readonly specialities: SpecialitiesService,
    private readonly users: UsersService,
    private readonly media: MediaService,
    private readonly outbox: OutboxService,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Creates a doctor account and its profile atomically. The e-mail's uniqueness is checked by
   * the users collection's unique index; if a step after the image upload fails, the image is
   * removed.
   */
  async createByAdmin(
    adminId: string,
    dto: CreateDoctorDto,
    file: UploadedImage | undefined,
    options: CreateDoctorOptions = {},
  ): Promise<AdminDoctorDto> {
    const listedAtOnce = options.listBeforePasswordChange === true;
    await this.specialities.assertExists(dto.speciality);
    const image = file ? await this.media.store(file, 'doctors') : null;
    try {
      // One transaction: a failure after the account is created must not leave an account
      // without a profile behind.
      const doctor = await this.tx.run(async (session) => {
        const user = await this.users.createAccount(
          { name: dto.name, email: dto.email, password: dto.password },
          Role.Doctor,
          { mustChangePassword: true, session },
        );
        const inserted = await this.doctors.insert(
          approvedProfile(user._id, dto.name, toProfileFields(dto), image, {
            mustChangePassword: !listedAtOnce,
          }),
          session,
        );
        const event: DoctorCreatedEvent = {
          doctorId: inserted._id.toHexString(),
          name: inserted.name,
          speciality: inserted.speciality,
          via: 'admin',
          byUserId: adminId,
        };
        await this.outbox.publish(session, DoctorEvents.Created, event);
        return inserted;
      });
      this.logger.log(`Doctor ${doctor._id.toHexString()} created by admin ${adminId}`);
      return toAdminDoctor(
        doctor,
        await this.specialities.nameOf(doctor.speciality),
        dto.email.trim().toLowerCase(),
      );
    } catch (err) {
      await this.media.delete(image);
      throw err;
    }
  }

  async adminList(q: AdminListDoctorsQueryDto): Promise<Page<AdminDoctorDto>> {
    const sort: AdminDoctorSort = q.sort ?? 'newest';
    const criteria: DoctorListCriteria = {
      ...listFilterOf(q),
      listedOnly: false,
      visible: q.visible,
      accountStatus: q.accountStatus,
      approvalStatus: q.approvalStatus,
      sort: sort === 'newest' ? ADMIN_NEWEST : SORT_SPECS[sort],
    };
    const { items, total } = await this.doctors.list(criteria, skipOf(q), q.limit);
    return { items: await this.toAdminDtos(items), total, page: q.page, limit: q.limit };
  }

  async adminGet(id: string): Promise<AdminDoctorDto> {
    const [dto] = await this.toAdminDtos([await this.records.get(id)]);
    return dto;
  }

  async adminUpdate(id: string, dto: AdminUpdateDoctorDto): Promise<AdminDoctorDto> {
    if (dto.speciality !== undefined) {
      await this.specialities.assertExists(dto.speciality);
    }
    const changes: DoctorChanges = {
      ...ownProfileChanges(dto),
      speciality: dto.speciality,
      degree: dto.degree,
      visible: dto.visible,
      approvalStatus: dto.approvalStatus,
    };
    const [out] = await this.toAdminDtos([await this.records.applyChanges(id, changes)]);
    return out;
  }

  async adminReplaceImage(id: string, file: UploadedImage | undefined): Promise<AdminDoctorDto> {
    const [out] = await this.toAdminDtos([await this.records.replaceImage(id, file)]);
    return out;
  }

  /** Read-only, for the admin dashboard: profile counts. */
  async countProfiles(): Promise<{ total: number; approved: number; listed: number }> {
    const count = async (c: Partial<DoctorListCriteria>): Promise<number> => {
      const rows = await this.doctors
        .countQuery({ listedOnly: false, sort: ADMIN_NEWEST, ...c })
        .exec();
      return rows[0]?.n ?? 0;
    };
    const [total, approved, listed] = await Promise.all([
      count({}),
      count({ approvalStatus: ApprovalStatus.Approved }),
      count({ listedOnly: true }),
    ]);
    return { total, approved, listed };
  }

  /** Read-only, for the admin dashboard's utilisation: ids and zones of listed doctors (<= max). */
  async listedCalendars(max: number): Promise<Array<{ id: string; timezone: string }>> {
    const criteria = { listedOnly: true, sort: SORT_SPECS[DoctorSort.Name] };
    const { items } = await this.doctors.list(criteria, 0, max);
    return items.map((d) => ({ id: d._id.toHexString(), timezone: d.timezone }));
  }

  private async toAdminDtos(items: DoctorRecord[]): Promise<AdminDoctorDto[]> {
    const [names, accounts] = await Promise.all([
      this.specialities.namesOf(items.map((d) => d.speciality)),
      this.users.findByIds(items.map((d) => d._id.toHexString())),
    ]);
    const emails = new Map(accounts.map((u) => [u._id.toHexString(), u.email]));
    return items.map((d) =>
      toAdminDoctor(
        d,
        names.get(d.speciality) ?? d.speciality,
        emails.get(d._id.toHexString()) ?? null,
      ),
    );
  }
}
