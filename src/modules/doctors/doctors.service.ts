import type { ClientSession } from 'mongoose';
import { Injectable, Logger } from '@nestjs/common';
import { CommonErrorCode, commonError } from '../../common/errors/error-codes';
import { isIanaTimeZone } from '../../common/validators/timezone.validator';
import { MediaService } from '../media/media.service';
import { AccountStatus } from '../users/domain/account-status';
import { UsersService } from '../users/users.service';
import { DoctorRecords, doctorNotFound } from './doctor-records';
import { DoctorsRepository } from './doctors.repository';
import { nameFields } from './domain/doctor-name';
import { ApprovalStatus } from './schemas/doctor.schema';
import { SpecialitiesService } from './specialities.service';

/** What the availability module needs to know about a doctor's calendar. */
export interface ScheduleOwner {
  id: string;
  timezone: string;
  /** listed (approved, visible, account active, own password set) && accepting appointments. */
  publiclyBookable: boolean;
  /** See Doctor.scheduleVersion: which schedule and overrides a cached answer must be of. */
  scheduleVersion: number;
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
  /** See Doctor.scheduleVersion: which schedule and overrides a cached copy must be of. */
  scheduleVersion: number;
}

export const DELETED_DOCTOR_NAME = 'Deleted doctor';

/**
 * What other modules ask of the doctors module: calendars and booking snapshots, follower
 * counts, and the mirrors of account changes (status, name, password, erasure). The public
 * directory is DoctorDirectoryService, a doctor's own profile DoctorProfileService,
 * administration DoctorAdministrationService, ratings DoctorRatingsService.
 */
@Injectable()
export class DoctorsService {
  private readonly logger = new Logger(DoctorsService.name);

  constructor(
    private readonly doctors: DoctorsRepository,
    private readonly records: DoctorRecords,
    private readonly specialities: SpecialitiesService,
    private readonly users: UsersService,
    private readonly media: MediaService,
  ) {}

  async getScheduleOwner(doctorId: string): Promise<ScheduleOwner> {
    const d = await this.doctors.findScheduleOwnerById(doctorId);
    if (!d) {
      throw doctorNotFound();
    }
    return {
      id: d._id.toHexString(),
      timezone: d.timezone,
      publiclyBookable: d.listed && d.acceptingAppointments,
      scheduleVersion: d.scheduleVersion ?? 0,
    };
  }

  async setTimezone(doctorId: string, timezone: string): Promise<void> {
    if (!isIanaTimeZone(timezone)) {
      throw commonError(
        CommonErrorCode.ValidationFailed,
        'timezone must be an IANA time zone name',
      );
    }
    await this.records.applyChanges(doctorId, { timezone });
  }

  async getBookingSnapshot(doctorId: string): Promise<DoctorBookingSnapshot> {
    const d = await this.doctors.findBookingFieldsById(doctorId);
    if (!d) {
      throw doctorNotFound();
    }
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
      scheduleVersion: d.scheduleVersion ?? 0,
    };
  }

  /**
   * Availability announces a change of the doctor's weekly hours or overrides, after it is
   * committed (see AvailabilityService: the cached schedules are checked against this number).
   */
  scheduleChanged(doctorId: string): Promise<void> {
    return this.doctors.bumpScheduleVersion(doctorId);
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
}
