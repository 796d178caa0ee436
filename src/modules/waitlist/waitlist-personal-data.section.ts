import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { toWaitlistEntryDto } from './waitlist.mapper';
import { WaitlistRepository } from './waitlist.repository';

/** The user's waitlist entries (every status) and the slot offers they received. */
@PersonalDataExporter()
@Injectable()
export class WaitlistPersonalDataSection implements PersonalDataSection {
  readonly name = 'waitlist';
  readonly collections = ['waitlist_entries', 'waitlist_offers'] as const;

  constructor(private readonly waitlist: WaitlistRepository) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const [entries, offers] = await Promise.all([
      this.waitlist.listAllOfPatient(userId),
      this.waitlist.listOffersOf(userId),
    ]);
    return {
      entries: entries.map(toWaitlistEntryDto),
      offers: offers.map((o) => ({
        entryId: o.entryId ? String(o.entryId) : null,
        appointmentId: o.appointmentId ? String(o.appointmentId) : null,
        offeredAt: o.createdAt,
      })),
    };
  }
}
