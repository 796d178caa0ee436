export const AvailabilityEvents = {
  OverrideSet: 'availability.override_set',
} as const;

/**
 * A doctor set the hours of one local date (an override). It may open hours the schedule did
 * not have, so freed-up slots can go to waiting patients.
 */
export interface AvailabilityOverrideSetEvent {
  doctorId: string;
  /** YYYY-MM-DD in the doctor's zone. */
  date: string;
  timezone: string;
}
