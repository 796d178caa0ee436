import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { toAppointmentResponse } from './appointment.mapper';
import { AppointmentsRepository } from './appointments.repository';

/**
 * The user's appointments as a patient (with the details copied at booking) and as a doctor,
 * whatever the role now (a doctor may have booked as a patient before approval). On the
 * doctor's side the patient is reduced to their name: contact details and date of birth are
 * the patient's data, not the doctor's (GDPR Art. 15(4)).
 *
 * Not exported: `booking_locks` (a per-patient write counter with no data of its own) and
 * `idempotency_keys` (24-hour replays of booking answers, which are these appointments).
 */
@PersonalDataExporter()
@Injectable()
export class AppointmentsPersonalDataSection implements PersonalDataSection {
  readonly name = 'appointments';
  readonly collections = ['appointments'] as const;

  constructor(private readonly appointments: AppointmentsRepository) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const [asPatient, asDoctor] = await Promise.all([
      this.appointments.listAllOfPatient(userId),
      this.appointments.listAllOfDoctor(userId),
    ]);
    return {
      asPatient: asPatient.map(toAppointmentResponse),
      asDoctor: asDoctor.map((a) => {
        const view = toAppointmentResponse(a);
        return { ...view, patient: { name: view.patient.name } };
      }),
    };
  }
}
