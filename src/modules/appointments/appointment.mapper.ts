import { toAddressResponse } from '../../common/dto/address.dto';
import type { AppointmentResponseDto } from './dto/appointment-response.dto';
import type { AppointmentRecord } from './appointments.repository';

const iso = (d: Date): string => new Date(d).toISOString();
const isoOrNull = (d: Date | null | undefined): string | null => (d ? iso(d) : null);
const calendarDate = (d: Date | null | undefined): string | null =>
  d ? new Date(d).toISOString().slice(0, 10) : null;

/**
 * Plain JSON only (dates as ISO strings): the same object is stored for idempotent replays and
 * must serialise identically when replayed.
 */
export function toAppointmentResponse(a: AppointmentRecord): AppointmentResponseDto {
  return {
    id: a._id.toHexString(),
    doctorId: a.doctorId.toHexString(),
    patientId: a.patientId.toHexString(),
    startsAt: iso(a.startsAt),
    endsAt: iso(a.endsAt),
    status: a.status,
    holdExpiresAt: isoOrNull(a.holdExpiresAt),
    fee: { amount: a.feeAmount, currency: a.currency },
    paymentState: a.paymentState,
    paidAmount: a.paidAmount ?? 0,
    refundedAmount: a.refundedAmount ?? 0,
    patient: {
      name: a.patient.name,
      email: a.patient.email ?? null,
      phone: a.patient.phone ?? null,
      imageUrl: a.patient.imageUrl ?? null,
      dateOfBirth: calendarDate(a.patient.dateOfBirth),
    },
    doctor: {
      name: a.doctor.name,
      speciality: a.doctor.speciality,
      specialityName: a.doctor.specialityName ?? '',
      degree: a.doctor.degree ?? '',
      imageUrl: a.doctor.imageUrl ?? null,
      address: toAddressResponse(a.doctor.address),
      timezone: a.doctor.timezone,
    },
    cancellation: a.cancellation
      ? {
          by: a.cancellation.by,
          reason: a.cancellation.reason ?? null,
          at: iso(a.cancellation.at),
          refundRule: a.cancellation.refundRule,
          refundPercent: a.cancellation.refundPercent,
          refundDue: a.cancellation.refundDue,
        }
      : null,
    history: (a.history ?? []).map((h) => ({
      status: h.status,
      at: iso(h.at),
      by: h.by ? h.by.toHexString() : null,
      byRole: h.byRole,
      reason: h.reason ?? null,
    })),
    rescheduledFrom: (a.rescheduledFrom ?? []).map(iso),
    reminderSentAt: isoOrNull(a.reminderSentAt),
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
  };
}
