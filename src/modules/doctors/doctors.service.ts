import type { ClientSession } from 'mongoose';
import { TransactionRunner } from '../../database/transaction-runner';
import { Injectable, Logger } from '@nestjs/common';
import { Role } from '../../common/auth/role.enum';
import type { Page } from '../../common/dto/pagination.dto';
import { skipOf } from '../../common/dto/pagination.dto';

import { CommonErrorCode, commonError } from '../../common/errors/error-codes';
import { isIanaTimeZone } from '../../common/validators/timezone.validator';
import { MediaService, type UploadedImage } from '../media/media.service';
import { AccountStatus } from '../users/domain/account-status';
import { type StoredImage } from '../media/domain/stored-image';
import { UsersService } from '../users/users.service';
import { toAdminDoctor, toDoctorProfile, toPublicDoctor } from './doctor.mapper';
import { DoctorsErrorCode, doctorsError } from './doctors.errors';
import { OutboxService } from '../outbox/outbox.service';
import { DoctorEvents, type DoctorCreatedEvent } from './doctors.events';
import {
  DoctorsRepository,
  type DoctorChanges,
  type DoctorListCriteria,
  type DoctorRecord,
} from './doctors.repository';
import { approvedProfile } from './domain/approved-profile';
import { nameFields } from './domain/doctor-name';
import { DoctorSort, SORT_SPECS, type SortSpec } from './domain/doctor-sort';
import type { CreateDoctorDto } from './dto/create-doctor.dto';
import type { AdminDoctorDto, DoctorProfileDto, PublicDoctorDto } from './dto/doctor-response.dto';
import type {
  AdminListDoctorsQueryDto,
  AdminDoctorSort,
  ListDoctorsQueryDto,
} from './dto/list-doctors-query.dto';
import type { AdminUpdateDoctorDto, UpdateMyDoctorProfileDto } from './dto/update-doctor.dto';
import { ApprovalStatus } from './schemas/doctor.schema';
import { SpecialitiesService } from './specialities.service';

/** What the availability module needs to know about a doctor's calendar. */
export interface ScheduleOwner {
  id: string;
  timezone: string;
  /** listed (approved, visible, account active, own password set) && accepting appointments. */
  publiclyBookable: boolean;
}

/** The doctor data an appointment copies at booking time. */
export interface DoctorBookingSnapshot {
  id: string;
  name: string;
  /** Speciality slug. */
  speciality: string;
  specialityName: string;
  degree: string;
  imageUrl: string | null;
  address: { line1: string; line2: string };
  fee: { amount: number; currency: string };
  timezone: string;
  approved: boolean;
  visible: boolean;
  accepting: boolean;
  accountActive: boolean;
  /** The account still has its admin-chosen initial password. */
  mustChangePassword: boolean;
}

export const DELETED_DOCTOR_NAME = 'Deleted doctor';

const ADMIN_NEWEST: SortSpec = { createdAt: -1, _id: -1 };

@Injectable()
export class DoctorsService {
  private readonly logger = new Logger(DoctorsService.name);

  constructor(
    private readonly doctors: DoctorsRepository,
    private readonly specialities: SpecialitiesService,
    private readonly users: UsersService,
    private readonly media: MediaService,
    private readonly outbox: OutboxService,
    private readonly tx: TransactionRunner,
  ) {}

  // ---- Public discovery ----

  async listPublic(q: ListDoctorsQueryDto): Promise<Page<PublicDoctorDto>> {
    const criteria: DoctorListCriteria = {
      ...this.commonCriteria(q),
      listedOnly: true,
      sort: SORT_SPECS[q.sort ?? DoctorSort.Popularity],
    };
    const { items, total } = await this.doctors.list(criteria, skipOf(q), q.limit);
    const names = await this.specialities.namesOf(items.map((d) => d.speciality));
    return {
      items: items.map((d) => toPublicDoctor(d, names.get(d.speciality) ?? d.speciality)),
      total,
      page: q.page,
      limit: q.limit,
    };
  }

  async getPublic(id: string): Promise<PublicDoctorDto> {
    const doctor = await this.doctors.findListedById(id);
    if (!doctor) {
      throw this.notFound();
    }
    return toPublicDoctor(doctor, await this.specialities.nameOf(doctor.speciality));
  }

  /** Public cards of the listed doctors among `ids` (others are absent from the map). */
  async publicCardsByIds(ids: string[]): Promise<Map<string, PublicDoctorDto>> {
    if (ids.length === 0) {
      return new Map();
    }
    const found = await this.doctors.findListedByIds(ids);
    const names = await this.specialities.namesOf(found.map((d) => d.speciality));
    return new Map(
      found.map((d) => [
        d._id.toHexString(),
        toPublicDoctor(d, names.get(d.speciality) ?? d.speciality),
      ]),
    );
  }

  /** 404 DOCTOR_NOT_FOUND unless the doctor is publicly listed. */
  async assertListed(id: string): Promise<void> {
    if (!(await this.doctors.findListedById(id))) {
      throw this.notFound();
    }
  }

  // ---- The doctor's own profile ----

  async getOwnProfile(doctorId: string): Promise<DoctorProfileDto> {
    const doctor = await this.getRecord(doctorId);
    return toDoctorProfile(doctor, await this.specialities.nameOf(doctor.speciality));
  }

  async updateOwnProfile(
    doctorId: string,
    dto: UpdateMyDoctorProfileDto,
  ): Promise<DoctorProfileDto> {
    const doctor = await this.applyChanges(doctorId, this.ownChanges(dto));
    return toDoctorProfile(doctor, await this.specialities.nameOf(doctor.speciality));
  }

  async replaceOwnImage(
    doctorId: string,
    file: UploadedImage | undefined,
  ): Promise<DoctorProfileDto> {
    const doctor = await this.replaceImage(doctorId, file);
    return toDoctorProfile(doctor, await this.specialities.nameOf(doctor.speciality));
  }

  // ---- Administration ----

  /**
   * Creates a doctor account and its profile atomically. The e-mail's uniqueness is checked by
   * the users collection's unique index; if a step after the image upload fails, the image is
   * removed.
   */
  async createByAdmin(
    adminId: string,
    dto: CreateDoctorDto,
    file: UploadedImage | undefined,
  ): Promise<AdminDoctorDto> {
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
          approvedProfile(
            user._id,
            dto.name,
            {
              speciality: dto.speciality,
              degree: dto.degree,
              experienceYears: dto.experienceYears,
              about: dto.about ?? '',
              fee: { amount: dto.fee, currency: dto.currency },
              address: { line1: dto.address?.line1 ?? '', line2: dto.address?.line2 ?? '' },
              timezone: dto.timezone,
            },
            image,
            { mustChangePassword: true },
          ),
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
      ...this.commonCriteria(q),
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
    const [dto] = await this.toAdminDtos([await this.getRecord(id)]);
    return dto;
  }

  async adminUpdate(id: string, dto: AdminUpdateDoctorDto): Promise<AdminDoctorDto> {
    if (dto.speciality !== undefined) {
      await this.specialities.assertExists(dto.speciality);
    }
    const changes: DoctorChanges = {
      ...this.ownChanges(dto),
      speciality: dto.speciality,
      degree: dto.degree,
      visible: dto.visible,
      approvalStatus: dto.approvalStatus,
    };
    const [out] = await this.toAdminDtos([await this.applyChanges(id, changes)]);
    return out;
  }

  async adminReplaceImage(id: string, file: UploadedImage | undefined): Promise<AdminDoctorDto> {
    const [out] = await this.toAdminDtos([await this.replaceImage(id, file)]);
    return out;
  }

  // ---- For other modules ----

  async getScheduleOwner(doctorId: string): Promise<ScheduleOwner> {
    const d = await this.getRecord(doctorId);
    return {
      id: d._id.toHexString(),
      timezone: d.timezone,
      publiclyBookable: d.listed && d.acceptingAppointments,
    };
  }

  async setTimezone(doctorId: string, timezone: string): Promise<void> {
    if (!isIanaTimeZone(timezone)) {
      throw commonError(
        CommonErrorCode.ValidationFailed,
        'timezone must be an IANA time zone name',
      );
    }
    await this.applyChanges(doctorId, { timezone });
  }

  async getBookingSnapshot(doctorId: string): Promise<DoctorBookingSnapshot> {
    const d = await this.getRecord(doctorId);
    return {
      id: d._id.toHexString(),
      name: d.name,
      speciality: d.speciality,
      specialityName: await this.specialities.nameOf(d.speciality),
      degree: d.degree,
      imageUrl: d.image?.url ?? null,
      address: { line1: d.address?.line1 ?? '', line2: d.address?.line2 ?? '' },
      fee: { amount: d.fee.amount, currency: d.fee.currency },
      timezone: d.timezone,
      approved: d.approvalStatus === ApprovalStatus.Approved,
      visible: d.visible,
      accepting: d.acceptingAppointments,
      accountActive: d.accountStatus === AccountStatus.Active,
      mustChangePassword: d.mustChangePassword === true,
    };
  }

  /**
   * Adds +1/-1 to the follower count. The follows module calls this only when its own write
   * really created or removed a follow, which keeps the counter exact under concurrency.
   */
  /** Inside the follows module's transaction, so the count moves with the follow itself. */
  async adjustFollowers(doctorId: string, delta: 1 | -1, session?: ClientSession): Promise<void> {
    if (!(await this.doctors.incrementFollowers(doctorId, delta, session))) {
      this.logger.warn(`Follower count of missing doctor ${doctorId} not adjusted`);
    }
  }

  /** Stores the rating aggregate computed by the reviews module. */
  async setRating(doctorId: string, average: number, count: number): Promise<void> {
    if (!(await this.doctors.setRating(doctorId, average, count))) {
      throw this.notFound();
    }
  }

  /** Mirrors the user's account status on the profile (from user events; idempotent). */
  async syncAccountStatus(userId: string, status: AccountStatus): Promise<void> {
    await this.doctors.updateProfile(userId, { accountStatus: status });
  }

  /** The account replaced its initial password (from user events; idempotent). */
  async syncPasswordChanged(userId: string): Promise<void> {
    await this.doctors.updateProfile(userId, { mustChangePassword: false });
  }

  /**
   * Brings the password-change mirror in line with the accounts at start-up: marks profiles
   * stored before the mirror existed whose account still has its initial password, and clears
   * profiles whose account changed it while the event that should have cleared them was lost
   * (a crash between the two writes). Both sets are small and read through partial indexes.
   */
  async reconcileMustChangePassword(): Promise<void> {
    const [mustChange, marked] = await Promise.all([
      this.users.findMustChangePasswordIds(),
      this.doctors.findMustChangePasswordIds(),
    ]);
    const pending = new Set(mustChange);
    // A password is never "un-changed", so clearing on what was read cannot undo a newer write.
    const cleared = await this.doctors.setMustChangePassword(
      marked.filter((id) => !pending.has(id)),
      false,
    );
    // Profiles that already carry the mirror are left alone: theirs is newer than this read.
    const held = await this.doctors.setMustChangePassword(mustChange, true, true);
    if (cleared || held) {
      this.logger.log(`Password-change mirror reconciled: ${held} held back, ${cleared} released`);
    }
  }

  /** Keeps the profile's copy of the account name (searched and sorted on) current. */
  async syncName(userId: string, name: string): Promise<void> {
    await this.doctors.updateProfile(userId, nameFields(name));
  }

  /** Erases personal data from the profile of a purged account; the profile stays for records. */
  async deidentify(userId: string): Promise<void> {
    const before = await this.doctors.updateProfile(
      userId,
      {
        ...nameFields(DELETED_DOCTOR_NAME),
        about: '',
        address: { line1: '', line2: '' },
        image: null,
        visible: false,
        acceptingAppointments: false,
        accountStatus: AccountStatus.Deleted,
      },
      'before',
    );
    if (before) {
      await this.media.delete(before.image);
    }
  }

  // ---- Internals ----

  private commonCriteria(q: ListDoctorsQueryDto | AdminListDoctorsQueryDto) {
    return {
      speciality: q.speciality,
      search: q.search,
      maxFee: q.maxFee,
      minRating: q.minRating,
      accepting: q.accepting,
    };
  }

  private ownChanges(dto: UpdateMyDoctorProfileDto): DoctorChanges {
    return {
      experienceYears: dto.experienceYears,
      about: dto.about,
      'fee.amount': dto.fee,
      'fee.currency': dto.currency,
      'address.line1': dto.address?.line1,
      'address.line2': dto.address?.line2,
      timezone: dto.timezone,
      acceptingAppointments: dto.acceptingAppointments,
    };
  }

  private async applyChanges(id: string, changes: DoctorChanges): Promise<DoctorRecord> {
    const defined = Object.values(changes).some((v) => v !== undefined);
    const updated = defined
      ? await this.doctors.updateProfile(id, changes)
      : await this.doctors.findById(id);
    if (!updated) {
      throw this.notFound();
    }
    return updated;
  }

  private async replaceImage(id: string, file: UploadedImage | undefined): Promise<DoctorRecord> {
    const image: StoredImage = await this.media.store(file, 'doctors');
    const previous = await this.doctors.replaceImage(id, image);
    if (previous === undefined) {
      await this.media.delete(image);
      throw this.notFound();
    }
    await this.media.delete(previous);
    return this.getRecord(id);
  }

  private async getRecord(id: string): Promise<DoctorRecord> {
    const doctor = await this.doctors.findById(id);
    if (!doctor) {
      throw this.notFound();
    }
    return doctor;
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

  private notFound() {
    return doctorsError(DoctorsErrorCode.DoctorNotFound, 'Doctor not found');
  }

  // Read-only, for the admin dashboard (appointments analytics helper): profile counts.
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

  // Read-only, for the admin dashboard's utilisation: ids and zones of listed doctors (<= max).
  async listedCalendars(max: number): Promise<Array<{ id: string; timezone: string }>> {
    const criteria = { listedOnly: true, sort: SORT_SPECS[DoctorSort.Name] };
    const { items } = await this.doctors.list(criteria, 0, max);
    return items.map((d) => ({ id: d._id.toHexString(), timezone: d.timezone }));
  }
}
