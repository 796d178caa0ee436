export enum AppointmentStatus {
  Pending = 'pending',
  Confirmed = 'confirmed',
  Completed = 'completed',
  NoShow = 'no_show',
  Cancelled = 'cancelled',
}

/** Statuses that hold a slot. Only these carry `active: true`, the key of the no-double-booking index. */
export const ACTIVE_STATUSES: readonly AppointmentStatus[] = [
  AppointmentStatus.Pending,
  AppointmentStatus.Confirmed,
];

const TRANSITIONS: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  [AppointmentStatus.Pending]: [AppointmentStatus.Confirmed, AppointmentStatus.Cancelled],
  [AppointmentStatus.Confirmed]: [
    AppointmentStatus.Completed,
    AppointmentStatus.NoShow,
    AppointmentStatus.Cancelled,
  ],
  [AppointmentStatus.Completed]: [],
  [AppointmentStatus.NoShow]: [],
  [AppointmentStatus.Cancelled]: [],
};

export function isActive(status: AppointmentStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses from which `to` can be reached: the `status` condition of the atomic update. */
export function sourcesOf(to: AppointmentStatus): AppointmentStatus[] {
  return (Object.keys(TRANSITIONS) as AppointmentStatus[]).filter((from) =>
    TRANSITIONS[from].includes(to),
  );
}

export type TransitionCheck =
  { ok: true } | { ok: false; reason: 'INVALID_TRANSITION' | 'NOT_STARTED' };

/**
 * Whether `from -> to` is legal at `now`. Completed and no-show only make sense once the visit
 * has started.
 */
export function checkTransition(
  from: AppointmentStatus,
  to: AppointmentStatus,
  startsAt: Date,
  now: Date,
): TransitionCheck {
  if (!canTransition(from, to)) {
    return { ok: false, reason: 'INVALID_TRANSITION' };
  }
  if (
    (to === AppointmentStatus.Completed || to === AppointmentStatus.NoShow) &&
    now.getTime() < startsAt.getTime()
  ) {
    return { ok: false, reason: 'NOT_STARTED' };
  }
  return { ok: true };
}
