import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { UsersRepository } from './users.repository';

/** The account and profile. Never the password hash, nor the derived search keys. */
@PersonalDataExporter()
@Injectable()
export class UsersPersonalDataSection implements PersonalDataSection {
  readonly name = 'account';
  readonly collections = ['users'] as const;

  constructor(private readonly users: UsersRepository) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const u = await this.users.findById(userId);
    if (!u) {
      return null;
    }
    return {
      id: String(u._id),
      email: u.email,
      name: u.name,
      role: u.role,
      status: u.status,
      phone: u.phone,
      address: { line1: u.address?.line1 ?? '', line2: u.address?.line2 ?? '' },
      gender: u.gender,
      dateOfBirth: u.dateOfBirth,
      timezone: u.timezone,
      avatarUrl: u.avatar?.url ?? null,
      mustChangePassword: u.mustChangePassword,
      passwordChangedAt: u.passwordChangedAt,
      suspendedAt: u.suspendedAt,
      suspensionReason: u.suspensionReason,
      deletedAt: u.deletedAt,
      deletionReason: u.deletionReason,
      purgeAfter: u.purgeAfter,
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
    };
  }
}
