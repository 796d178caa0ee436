import type { WaitlistEntryDto } from './dto/waitlist.dto';
import type { WaitlistEntryRecord } from './waitlist.repository';

export function toWaitlistEntryDto(e: WaitlistEntryRecord): WaitlistEntryDto {
  return {
    id: e._id.toHexString(),
    doctorId: e.doctorId.toHexString(),
    from: e.from,
    to: e.to,
    earliestTime: e.earliestTime ?? null,
    latestTime: e.latestTime ?? null,
    status: e.status,
    joinedAt: e.joinedAt,
    offer: e.offer
      ? {
          appointmentId: e.offer.appointmentId.toHexString(),
          startsAt: e.offer.startsAt,
          holdExpiresAt: e.offer.holdExpiresAt,
        }
      : null,
  };
}
