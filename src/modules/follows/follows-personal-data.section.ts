import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { FollowsRepository } from './follows.repository';

/** The doctors the user follows. A doctor's followers are other people's data: only the count, on the profile. */
@PersonalDataExporter()
@Injectable()
export class FollowsPersonalDataSection implements PersonalDataSection {
  readonly name = 'follows';
  readonly collections = ['follows'] as const;

  constructor(private readonly follows: FollowsRepository) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const rows = await this.follows.listAllByPatient(userId);
    return rows.map((f) => ({ doctorId: String(f.doctorId), followedAt: f.createdAt }));
  }
}
