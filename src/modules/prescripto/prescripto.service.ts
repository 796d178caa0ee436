import { Injectable, type Type } from '@nestjs/common';
import type { CountryCode } from 'libphonenumber-js';
import type { AuthUser } from '../../common/auth/auth-user';
import { Role } from '../../common/auth/role.enum';
import type { ClientInfo } from '../../common/decorators/client-info.decorator';
import { createValidationPipe } from '../../common/pipes/validation.pipe';
import { AppConfig } from '../../config/app-config';
import { AppointmentAnalyticsService } from '../appointments/analytics/appointment-analytics.service';
import { AppointmentsService } from '../appointments/appointments.service';
import { BookingService } from '../appointments/booking.service';
import { LoginDto } from '../auth/dto/login.dto';
import { RegisterDto } from '../auth/dto/register.dto';
import { AuthService } from '../auth/auth.service';
import { AvailabilityService } from '../availability/availability.service';
import { WEEKDAYS } from '../availability/domain/schedule-rules';
import { DoctorsService } from '../doctors/doctors.service';
import { CreateDoctorDto } from '../doctors/dto/create-doctor.dto';
import { AdminListDoctorsQueryDto } from '../doctors/dto/list-doctors-query.dto';
import { UpdateMyDoctorProfileDto } from '../doctors/dto/update-doctor.dto';
import type { UploadedImage } from '../media/media.service';
import { PaymentsService } from '../payments/payments.service';
import { Gender } from '../users/domain/gender';
import { UpdateProfileDto } from '../users/dto/update-profile.dto';
import { UserAdministrationService } from '../users/user-administration.service';
import { UserProfileService } from '../users/user-profile.service';
import { experienceYearsOf, toMajor, toMinor } from './domain/money';
import { normalisePhone, PRESCRIPTO_NO_PHONE } from './domain/phone';
import { parseSlot, slotDateOf, slotTimeSpellings } from './domain/slot-time';
import { slugOfPrescriptoName } from './domain/specialities';
import type {
  PrescriptoAddDoctorDto,
  PrescriptoBookDto,
  PrescriptoCredentialsDto,
  PrescriptoDoctorProfileDto,
  PrescriptoRegisterDto,
  PrescriptoUpdateProfileDto,
  PrescriptoVerifyRazorpayDto,
} from './dto/prescripto-requests.dto';
import {
  NOT_SELECTED,
  toPrescriptoAdminDoctor,
  toPrescriptoAppointment,
  toPrescriptoDoctor,
  toPrescriptoUser,
} from './prescripto.mapper';
import { PrescriptoErrorCode, prescriptoError } from './prescripto.errors';
import { DoctorAdministrationService } from '../doctors/doctor-administration.service';
import { DoctorDirectoryService } from '../doctors/doctor-directory.service';
import { DoctorProfileService } from '../doctors/doctor-profile.service';

/** Prescripto's lists have no paging: they show at most this many of the latest rows. */
export const LIST_LIMIT = 100;
/** ... and `doctor/list` at most this many doctors. */
export const DOCTOR_LIST_LIMIT = 500;
/** The patient app offers slots for 7 days from today; taken slots are sent for one more. */
const SLOTS_BOOKED_DAYS = 8;
const DAY_MS = 86_400_000;
/** The grid Prescripto's patient app offers: every day 10:00-21:00, 30-minute slots. */
const PRESCRIPTO_HOURS = [{ start: '10:00', end: '21:00' }];
const DOCTOR_CANCEL_REASON = 'Cancelled from the Prescripto doctor panel';
const ADMIN_CANCEL_REASON = 'Cancelled from the Prescripto admin panel';

const GENDER_IN: Readonly<Record<string, Gender | null>> = {
  male: Gender.Male,
  female: Gender.Female,
  other: Gender.Other,
  'not selected': null,
};

const missing = (message = 'Missing Details') =>
  prescriptoError(PrescriptoErrorCode.MissingDetails, message);

const blank = (v: string | undefined): boolean => v === undefined || v.trim() === '';

/** The JSON-string address of Prescripto's forms; a bad one is a validation error. */
function parseAddress(text: string | undefined): { line1?: string; line2?: string } | undefined {
  if (blank(text)) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text as string);
  } catch {
    parsed = null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw prescriptoError(PrescriptoErrorCode.MissingDetails, 'address must be a JSON object');
  }
  const { line1, line2 } = parsed as Record<string, unknown>;
  return {
    ...(line1 !== undefined ? { line1: line1 as string } : {}),
    ...(line2 !== undefined ? { line2: line2 as string } : {}),
  };
}

/**
 * The Prescripto compatibility adapter: translates the Prescripto clients' requests into calls
 * of the other modules' services (the same validation, rules, transactions and events as
 * /api/v1) and their answers into Prescripto's shapes. It holds no rule of its own.
 */
@Injectable()
export class PrescriptoService {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly auth: AuthService,
    private readonly profiles: UserProfileService,
    private readonly userAdmin: UserAdministrationService,
    private readonly doctors: DoctorsService,
    private readonly doctorAdmin: DoctorAdministrationService,
    private readonly doctorDirectory: DoctorDirectoryService,
    private readonly doctorProfiles: DoctorProfileService,
    private readonly availability: AvailabilityService,
    private readonly appointments: AppointmentsService,
    private readonly booking: BookingService,
    private readonly analytics: AppointmentAnalyticsService,
    private readonly payments: PaymentsService,
    private readonly config: AppConfig,
  ) {}

  /** Our own DTO's rules, exactly as our routes apply them. */
  private async validated<T extends object>(type: Type<T>, value: object): Promise<T> {
    return (await this.validation.transform(value, { type: 'body', metatype: type })) as T;
  }

  // ---- Sign-in ----

  async register(dto: PrescriptoRegisterDto, client: ClientInfo): Promise<string> {
    if (blank(dto.name) || blank(dto.email) || blank(dto.password)) {
      throw missing();
    }
    const input = await this.validated(RegisterDto, {
      name: dto.name,
      email: dto.email,
      password: dto.password,
    });
    return (await this.auth.registerSessionBound(input, client)).token;
  }

  async login(dto: PrescriptoCredentialsDto, client: ClientInfo, role: Role): Promise<string> {
    if (blank(dto.email) || blank(dto.password)) {
      throw missing();
    }
    const input = await this.validated(LoginDto, { email: dto.email, password: dto.password });
    return (await this.auth.loginSessionBound(input, client, [role])).token;
  }

  // ---- Patient ----

  async profile(user: AuthUser) {
    return toPrescriptoUser(await this.profiles.getOwn(user.id));
  }

  async updateProfile(
    user: AuthUser,
    dto: PrescriptoUpdateProfileDto,
    file: UploadedImage | undefined,
  ): Promise<void> {
    if (blank(dto.name) || blank(dto.phone) || blank(dto.dob) || blank(dto.gender)) {
      throw missing('Data Missing');
    }
    const phone = (dto.phone as string).trim();
    const gender = GENDER_IN[(dto.gender as string).trim().toLowerCase()];
    const dob = (dto.dob as string).trim();
    const changes = await this.validated(UpdateProfileDto, {
      name: dto.name,
      // Prescripto's placeholder means no number; a local number gets the default region.
      phone:
        phone === PRESCRIPTO_NO_PHONE
          ? null
          : (normalisePhone(phone, this.config.PRESCRIPTO_PHONE_REGION as CountryCode) ?? phone),
      gender: gender === undefined ? dto.gender : gender,
      dateOfBirth: dob === NOT_SELECTED ? null : dob,
      ...(dto.address !== undefined ? { address: parseAddress(dto.address) } : {}),
    });
    await this.profiles.updateProfile(user.id, changes);
    if (file) {
      await this.profiles.setAvatar(user.id, file);
    }
  }

  async book(user: AuthUser, dto: PrescriptoBookDto, idempotencyKey?: string): Promise<void> {
    if (!dto.docId || blank(dto.slotDate) || blank(dto.slotTime)) {
      throw missing();
    }
    const doctor = await this.doctors.getBookingSnapshot(dto.docId);
    const startsAt = parseSlot(dto.slotDate as string, dto.slotTime as string, doctor.timezone);
    if (!startsAt) {
      throw prescriptoError(PrescriptoErrorCode.InvalidSlot, 'Slot Not Available');
    }
    await this.booking.book(
      user,
      { doctorId: dto.docId, startsAt: startsAt.toISOString() },
      idempotencyKey,
    );
  }

  /** The latest LIST_LIMIT appointments of the caller (or all, for an admin), oldest first. */
  async appointmentsOf(user: AuthUser) {
    const page =
      user.role === Role.Admin
        ? await this.appointments.listAll({ page: 1, limit: LIST_LIMIT })
        : await this.appointments.listForUser(user, { page: 1, limit: LIST_LIMIT });
    return page.items.map(toPrescriptoAppointment).reverse();
  }

  async cancel(user: AuthUser, appointmentId: string | undefined): Promise<void> {
    if (!appointmentId) {
      throw missing();
    }
    const reason =
      user.role === Role.Doctor
        ? DOCTOR_CANCEL_REASON
        : user.role === Role.Admin
          ? ADMIN_CANCEL_REASON
          : undefined;
    await this.appointments.cancel(user, appointmentId, reason);
  }

  async payRazorpay(user: AuthUser, appointmentId: string | undefined) {
    if (!appointmentId) {
      throw missing();
    }
    const payment = await this.payments.create(user, { appointmentId, provider: 'razorpay' });
    const order = payment.razorpay;
    return {
      id: order?.orderId ?? payment.providerRef,
      entity: 'order',
      amount: payment.amount,
      currency: payment.currency,
      receipt: appointmentId,
      status: 'created',
    };
  }

  /** True when Razorpay's signature checks out and the booking is now paid. */
  async verifyRazorpay(user: AuthUser, dto: PrescriptoVerifyRazorpayDto): Promise<boolean> {
    if (
      blank(dto.razorpay_order_id) ||
      blank(dto.razorpay_payment_id) ||
      blank(dto.razorpay_signature)
    ) {
      throw missing();
    }
    const payment = await this.payments.verifyRazorpay(user, {
      razorpay_order_id: dto.razorpay_order_id as string,
      razorpay_payment_id: dto.razorpay_payment_id as string,
      razorpay_signature: dto.razorpay_signature as string,
    });
    return payment.status === 'succeeded' && payment.applied === true;
  }

  /**
   * A Checkout Session whose return pages are Prescripto's `/verify` on the page's own origin,
   * as the original does, but only for an origin CORS allows (never an open redirect).
   */
  async payStripe(
    user: AuthUser,
    appointmentId: string | undefined,
    origin: string | undefined,
  ): Promise<string | null> {
    if (!appointmentId) {
      throw missing();
    }
    if (!origin || !this.config.CORS_ORIGINS.includes(origin)) {
      throw prescriptoError(
        PrescriptoErrorCode.OriginNotAllowed,
        'Payments must start from a page whose origin is listed in CORS_ORIGINS',
      );
    }
    const verify = (success: boolean) =>
      `${origin}/verify?success=${success}&appointmentId=${encodeURIComponent(appointmentId)}`;
    const payment = await this.payments.create(user, {
      appointmentId,
      provider: 'stripe',
      redirect: { successUrl: verify(true), cancelUrl: verify(false) },
    });
    return payment.checkoutUrl;
  }

  /** True when Stripe says the booking's Checkout Session was paid (the browser's word is not used). */
  async verifyStripe(user: AuthUser, appointmentId: string | undefined): Promise<boolean> {
    if (!appointmentId) {
      throw missing();
    }
    const appointment = await this.payments.confirmStripeCheckout(user, appointmentId);
    return appointment.paymentState === 'paid';
  }

  // ---- Doctors ----

  /**
   * Every listed doctor with `slots_booked`: the starts of their active appointments over the
   * days the patient app offers, in every spelling browsers use, by "d_m_yyyy" in the doctor's
   * zone. One indexed query for all doctors.
   */
  async doctorList(now: Date = new Date()) {
    const doctors = await this.doctorDirectory.listAllPublic(DOCTOR_LIST_LIMIT);
    const from = new Date(now.getTime() - DAY_MS);
    const to = new Date(now.getTime() + SLOTS_BOOKED_DAYS * DAY_MS);
    const taken = await this.appointments.activeStartsByDoctor(
      doctors.map((d) => d.id),
      from,
      to,
    );
    return doctors.map((d) => {
      const booked: Record<string, string[]> = {};
      for (const at of taken.get(d.id) ?? []) {
        const day = slotDateOf(at, d.timezone);
        (booked[day] ??= []).push(...slotTimeSpellings(at, d.timezone));
      }
      return toPrescriptoDoctor(d, booked);
    });
  }

  async doctorProfile(user: AuthUser) {
    return toPrescriptoAdminDoctor(await this.doctorAdmin.adminGet(user.id));
  }

  /** Prescripto's panel edits fees (major units), address, about and availability. */
  async updateDoctorProfile(user: AuthUser, dto: PrescriptoDoctorProfileDto): Promise<void> {
    const current = await this.doctors.getBookingSnapshot(user.id);
    let fee: number | string | undefined;
    if (dto.fees !== undefined) {
      // What does not convert goes to our DTO as it is, which refuses it with its own message.
      fee = toMinor(dto.fees, current.fee.currency) ?? dto.fees;
    }
    const changes = await this.validated(UpdateMyDoctorProfileDto, {
      ...(fee !== undefined ? { fee } : {}),
      ...(dto.about !== undefined ? { about: dto.about } : {}),
      ...(dto.available !== undefined ? { acceptingAppointments: dto.available } : {}),
      ...(dto.address !== undefined
        ? { address: { line1: dto.address.line1, line2: dto.address.line2 } }
        : {}),
    });
    await this.doctorProfiles.updateOwnProfile(user.id, changes);
  }

  async complete(user: AuthUser, appointmentId: string | undefined): Promise<void> {
    if (!appointmentId) {
      throw missing();
    }
    await this.appointments.complete(user, appointmentId);
  }

  /** Our doctor dashboard (its default range) in Prescripto's shape, money in major units. */
  async doctorDashboard(user: AuthUser) {
    const [dash, currency] = await Promise.all([
      this.analytics.doctorDashboard(user.id, {}),
      this.doctors.getBookingSnapshot(user.id).then((d) => d.fee.currency),
    ]);
    const earned = dash.earnings.find((e) => e.currency === currency)?.amount ?? 0;
    return {
      earnings: toMajor(earned, currency),
      currency,
      appointments: dash.appointments.total,
      patients: dash.patients,
      latestAppointments: dash.latest.map(toPrescriptoAppointment),
    };
  }

  // ---- Admin ----

  /**
   * Creates the doctor through our admin flow (one transaction for account and profile), in
   * PRESCRIPTO_CURRENCY and PRESCRIPTO_TIMEZONE, listed at once (the panel cannot change the
   * password; see docs/PRESCRIPTO.md), then opens Prescripto's grid as the doctor's hours.
   */
  async addDoctor(
    admin: AuthUser,
    dto: PrescriptoAddDoctorDto,
    file: UploadedImage | undefined,
  ): Promise<void> {
    const required = [
      dto.name,
      dto.email,
      dto.password,
      dto.speciality,
      dto.degree,
      dto.experience,
      dto.fees,
    ];
    if (!file || required.some(blank)) {
      throw missing();
    }
    const currency = this.config.PRESCRIPTO_CURRENCY;
    const speciality = (dto.speciality as string).trim();
    const slug = slugOfPrescriptoName(speciality) ?? speciality.toLowerCase().replace(/\s+/g, '-');
    const input = await this.validated(CreateDoctorDto, {
      name: dto.name,
      email: dto.email,
      password: dto.password,
      speciality: slug,
      degree: dto.degree,
      experienceYears: experienceYearsOf(dto.experience) ?? dto.experience,
      about: dto.about,
      fee: toMinor(dto.fees, currency) ?? dto.fees,
      currency,
      timezone: this.config.PRESCRIPTO_TIMEZONE,
      ...(dto.address !== undefined ? { address: parseAddress(dto.address) } : {}),
    });
    const doctor = await this.doctorAdmin.createByAdmin(admin.id, input, file, {
      listBeforePasswordChange: true,
    });
    await this.availability.putSchedule(doctor.id, {
      slotMinutes: 30,
      weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, PRESCRIPTO_HOURS])),
    });
  }

  async allDoctors() {
    const query = Object.assign(new AdminListDoctorsQueryDto(), {
      page: 1,
      limit: DOCTOR_LIST_LIMIT,
    });
    return (await this.doctorAdmin.adminList(query)).items.map(toPrescriptoAdminDoctor);
  }

  /** Flips whether the doctor accepts appointments (Prescripto's green dot). */
  async changeAvailability(docId: string | undefined): Promise<void> {
    if (!docId) {
      throw missing();
    }
    const current = await this.doctorAdmin.adminGet(docId);
    await this.doctorAdmin.adminUpdate(docId, {
      acceptingAppointments: !current.acceptingAppointments,
    });
  }

  async adminDashboard() {
    const [profiles, patients, latest] = await Promise.all([
      this.doctorAdmin.countProfiles(),
      this.userAdmin.countPatients(),
      this.appointments.listAll({ page: 1, limit: 5 }),
    ]);
    return {
      doctors: profiles.total,
      appointments: latest.total,
      patients,
      latestAppointments: latest.items.map(toPrescriptoAppointment),
    };
  }
}
