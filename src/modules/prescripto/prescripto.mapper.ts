import { AppointmentStatus } from '../appointments/domain/appointment-status';
import type { AppointmentResponseDto } from '../appointments/dto/appointment-response.dto';
import type { AdminDoctorDto, PublicDoctorDto } from '../doctors/dto/doctor-response.dto';
import type { UserAccount } from '../users/domain/user';
import { Gender } from '../users/domain/gender';
import { toMajor } from './domain/money';
import { PRESCRIPTO_NO_PHONE } from './domain/phone';
import { slotDateOf, slotTimeOf } from './domain/slot-time';
import { prescriptoNameOf } from './domain/specialities';

/** Prescripto's default picture: clients need an absolute or data: URL, never null. */
export const PLACEHOLDER_IMAGE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
export const NOT_SELECTED = 'Not Selected';

const GENDER_OUT: Record<Gender, string> = {
  [Gender.Male]: 'Male',
  [Gender.Female]: 'Female',
  [Gender.Other]: 'Other',
  [Gender.Undisclosed]: NOT_SELECTED,
};

export interface PrescriptoAddress {
  line1: string;
  line2: string;
}

const address = (a: { line1?: string | null; line2?: string | null } | null | undefined) => ({
  line1: a?.line1 ?? '',
  line2: a?.line2 ?? '',
});

const experience = (years: number): string => `${years} Year${years === 1 ? '' : 's'}`;

/** A doctor card of `doctor/list` (slots_booked filled in by the caller). */
export function toPrescriptoDoctor(d: PublicDoctorDto, slotsBooked: Record<string, string[]>) {
  return {
    _id: d.id,
    name: d.name,
    image: d.imageUrl ?? PLACEHOLDER_IMAGE,
    speciality: prescriptoNameOf(d.speciality, d.specialityName),
    degree: d.degree,
    experience: experience(d.experienceYears),
    about: d.about,
    fees: toMajor(d.fee.amount, d.fee.currency),
    currency: d.fee.currency,
    address: address(d.address),
    available: d.acceptingAppointments,
    slots_booked: slotsBooked,
  };
}

/** A doctor row of the admin panel and the doctor's own profile. */
export function toPrescriptoAdminDoctor(d: AdminDoctorDto) {
  return {
    _id: d.id,
    name: d.name,
    email: d.email,
    image: d.imageUrl ?? PLACEHOLDER_IMAGE,
    speciality: prescriptoNameOf(d.speciality, d.specialityName),
    degree: d.degree,
    experience: experience(d.experienceYears),
    about: d.about,
    fees: toMajor(d.fee.amount, d.fee.currency),
    currency: d.fee.currency,
    address: address(d.address),
    available: d.acceptingAppointments,
  };
}

export function toPrescriptoUser(u: UserAccount) {
  return {
    _id: u._id.toHexString(),
    name: u.name,
    email: u.email,
    image: u.avatar?.url ?? PLACEHOLDER_IMAGE,
    phone: u.phone ?? PRESCRIPTO_NO_PHONE,
    address: address(u.address),
    gender: u.gender ? GENDER_OUT[u.gender] : NOT_SELECTED,
    dob: u.dateOfBirth ? new Date(u.dateOfBirth).toISOString().slice(0, 10) : NOT_SELECTED,
  };
}

const PAID_STATES = new Set(['paid', 'refunded', 'partially_refunded']);

/** An appointment as every Prescripto list shows it; times in the doctor's zone. */
export function toPrescriptoAppointment(a: AppointmentResponseDto) {
  const startsAt = new Date(a.startsAt);
  const zone = a.doctor.timezone;
  const fee = toMajor(a.fee.amount, a.fee.currency);
  return {
    _id: a.id,
    userId: a.patientId,
    docId: a.doctorId,
    slotDate: slotDateOf(startsAt, zone),
    slotTime: slotTimeOf(startsAt, zone),
    userData: {
      name: a.patient.name,
      email: a.patient.email,
      phone: a.patient.phone ?? PRESCRIPTO_NO_PHONE,
      image: a.patient.imageUrl ?? PLACEHOLDER_IMAGE,
      dob: a.patient.dateOfBirth ?? NOT_SELECTED,
    },
    docData: {
      name: a.doctor.name,
      image: a.doctor.imageUrl ?? PLACEHOLDER_IMAGE,
      speciality: prescriptoNameOf(a.doctor.speciality, a.doctor.specialityName),
      degree: a.doctor.degree,
      address: address(a.doctor.address),
      fees: fee,
    },
    amount: fee,
    currency: a.fee.currency,
    date: new Date(a.createdAt).getTime(),
    cancelled: a.status === AppointmentStatus.Cancelled,
    payment: PAID_STATES.has(a.paymentState),
    isCompleted: a.status === AppointmentStatus.Completed,
    status: a.status,
  };
}
