/**
 * Swagger tags, in the order /docs shows them. Names are kebab-case because Swagger UI turns
 * them into element ids and URL fragments (`#/admin-doctors`), where `:` and spaces break.
 */
export const ApiTag = {
  Auth: 'auth',
  Users: 'users',
  Doctors: 'doctors',
  Specialities: 'specialities',
  Availability: 'availability',
  Appointments: 'appointments',
  Follows: 'follows',
  Waitlist: 'waitlist',
  Reviews: 'reviews',
  Notifications: 'notifications',
  Calendar: 'calendar',
  RecordAccess: 'record-access',
  Privacy: 'privacy',
  MedicalRecords: 'medical-records',
  DoctorApplications: 'doctor-applications',
  Dashboards: 'dashboards',
  AdminUsers: 'admin-users',
  AdminDoctors: 'admin-doctors',
  AdminDoctorApplications: 'admin-doctor-applications',
  AdminSpecialities: 'admin-specialities',
  AdminAvailability: 'admin-availability',
  AdminAppointments: 'admin-appointments',
  AdminOutbox: 'admin-outbox',
  AdminReviews: 'admin-reviews',
  AdminAudit: 'admin-audit',
  Payments: 'payments',
  AdminPayments: 'admin-payments',
  Health: 'health',
  Prescripto: 'prescripto',
} as const;

export type ApiTagName = (typeof ApiTag)[keyof typeof ApiTag];

export const API_TAG_DESCRIPTIONS: Record<ApiTagName, string> = {
  auth: 'Registration, sign-in, token refresh, sessions and password changes and resets',
  users: "The signed-in user's own account: profile, avatar, deletion",
  doctors: 'Public doctor discovery and the signed-in doctor’s own profile',
  specialities: 'The medical specialities doctors are listed under',
  availability: 'Doctors’ weekly hours, date overrides and the bookable slots they produce',
  appointments: 'Booking, rescheduling, cancelling and the doctor’s visit outcomes',
  follows: 'Patients following doctors',
  waitlist:
    'Patients waiting for a doctor’s slot to free up; the first in line is offered a hold on it',
  reviews:
    'Patients reviewing completed visits, doctors replying, anyone reporting; public review lists',
  notifications:
    'The signed-in user’s inbox (list, unread count, read marks, live stream) and notification preferences',
  calendar:
    'Private iCalendar feeds of a patient’s appointments or a doctor’s schedule (create, regenerate, revoke, subscribe)',
  'record-access':
    'Who accessed the signed-in patient’s medical record, when, why and with what outcome',
  privacy:
    'The signed-in user’s own data: a complete export of everything the platform holds about them (GDPR Art. 15/20)',
  'medical-records':
    'Encounters (visit notes, vitals, addenda), prescriptions, the patient’s health history and ' +
    'documents; encrypted at rest, every access audited',
  'doctor-applications': 'A signed-in user applying to practise as a doctor',
  dashboards: 'Doctor and admin statistics',
  'admin-users': 'Admin: every account, suspension and reactivation',
  'admin-doctors': 'Admin: creating and editing doctors',
  'admin-doctor-applications': 'Admin: reviewing doctor applications',
  'admin-specialities': 'Admin: managing specialities',
  'admin-availability': 'Admin: any doctor’s schedule',
  payments:
    'Paying for appointments (Stripe, Razorpay, at the clinic), provider webhooks, invoices',
  'admin-payments': 'Admin: every payment, failed refunds and retrying them',
  'admin-outbox': 'Admin: outbox deliveries that failed for good (dead), and retrying them',
  'admin-appointments': 'Admin: every appointment',
  'admin-reviews': 'Admin: the review moderation queue, hiding and restoring reviews',
  'admin-audit':
    'Admin: the clinical access audit log (filters, tamper check of its hash chain) and time-boxed break-glass access to a patient’s record',
  health: 'Liveness and readiness probes (not rate limited)',
  prescripto:
    'Compatibility routes for the Prescripto web app and admin panel (/api/user, /api/doctor, ' +
    '/api/admin): headers token / atoken / dtoken, always 200 with { success, message }; ' +
    'off with PRESCRIPTO_COMPAT=false',
};
