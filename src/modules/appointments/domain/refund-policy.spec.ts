import { DateTime } from 'luxon';
import {
  buildRefundPolicy,
  decideRefund,
  DEFAULT_REFUND_POLICY,
  RefundPolicy,
} from './refund-policy';

const H = 3_600_000;
const startsAt = new Date('2026-06-10T10:00:00Z');
const at = (msBefore: number) => new Date(startsAt.getTime() - msBefore);

describe('refund policy', () => {
  it('refunds 100% to a patient cancelling exactly 24 h before', () => {
    expect(
      decideRefund({ cancelledBy: 'patient', startsAt, at: at(24 * H), paidAmount: 50000 }),
    ).toEqual({ percent: 100, amount: 50000, rule: 'patient_24h_or_more' });
  });

  it('refunds 50% one millisecond inside 24 h', () => {
    expect(
      decideRefund({ cancelledBy: 'patient', startsAt, at: at(24 * H - 1), paidAmount: 50000 }),
    ).toEqual({ percent: 50, amount: 25000, rule: 'patient_less_than_24h' });
  });

  it('refunds 50% one millisecond before the start and nothing at or after it', () => {
    expect(decideRefund({ cancelledBy: 'patient', startsAt, at: at(1), paidAmount: 999 })).toEqual({
      percent: 50,
      amount: 499,
      rule: 'patient_less_than_24h',
    });
    expect(decideRefund({ cancelledBy: 'patient', startsAt, at: at(0), paidAmount: 999 })).toEqual({
      percent: 0,
      amount: 0,
      rule: 'patient_after_start',
    });
    expect(
      decideRefund({ cancelledBy: 'patient', startsAt, at: at(-5 * H), paidAmount: 999 }),
    ).toMatchObject({ percent: 0 });
  });

  it.each(['doctor', 'admin'] as const)('refunds 100%% when the %s cancels, even late', (by) => {
    expect(decideRefund({ cancelledBy: by, startsAt, at: at(-1 * H), paidAmount: 700 })).toEqual({
      percent: 100,
      amount: 700,
      rule: 'cancelled_by_provider',
    });
  });

  it('never refunds more than was paid (pay-at-clinic pays nothing online)', () => {
    expect(
      decideRefund({ cancelledBy: 'doctor', startsAt, at: at(48 * H), paidAmount: 0 }),
    ).toMatchObject({ amount: 0 });
  });

  it('measures 24 h as elapsed time across a DST change, not as wall-clock hours', () => {
    // New York springs forward at 02:00 on 2026-03-08: 09:00 on the 8th is only 23 elapsed
    // hours after 09:00 on the 7th, so the same wall time a day before is inside the 24 h.
    const zone = 'America/New_York';
    const start = DateTime.fromISO('2026-03-08T09:00', { zone });
    const sameWallTimeDayBefore = DateTime.fromISO('2026-03-07T09:00', { zone });
    expect(start.diff(sameWallTimeDayBefore, 'hours').hours).toBe(23);
    expect(
      decideRefund({
        cancelledBy: 'patient',
        startsAt: start.toJSDate(),
        at: sameWallTimeDayBefore.toJSDate(),
        paidAmount: 100,
      }).percent,
    ).toBe(50);
    expect(
      decideRefund({
        cancelledBy: 'patient',
        startsAt: start.toJSDate(),
        at: start.minus({ hours: 24 }).toJSDate(),
        paidAmount: 100,
      }).percent,
    ).toBe(100);
  });

  it('gives the same answer whatever zone the instants are written in', () => {
    const s = DateTime.fromISO('2026-06-10T15:30', { zone: 'Asia/Kolkata' }).toJSDate();
    const c = DateTime.fromISO('2026-06-09T06:00', { zone: 'Europe/London' }).toJSDate();
    // 15:30 IST = 10:00 UTC; 06:00 BST = 05:00 UTC, 29 h before.
    expect(
      decideRefund({ cancelledBy: 'patient', startsAt: s, at: c, paidAmount: 10 }).percent,
    ).toBe(100);
  });

  it('follows a configured policy', () => {
    const policy: RefundPolicy = {
      ...DEFAULT_REFUND_POLICY,
      patientTiers: [
        { minHoursBefore: 48, percent: 100, rule: 'p48' },
        { minHoursBefore: 12, percent: 25, rule: 'p12' },
      ],
    };
    expect(
      decideRefund({ cancelledBy: 'patient', startsAt, at: at(47 * H), paidAmount: 400, policy }),
    ).toEqual({ percent: 25, amount: 100, rule: 'p12' });
    expect(
      decideRefund({ cancelledBy: 'patient', startsAt, at: at(11 * H), paidAmount: 400, policy }),
    ).toEqual({ percent: 0, amount: 0, rule: 'patient_after_start' });
  });

  it('builds the default policy from the default settings', () => {
    expect(buildRefundPolicy({ fullRefundHours: 24, lateRefundPercent: 50 })).toEqual(
      DEFAULT_REFUND_POLICY,
    );
  });

  it('builds a policy from other settings', () => {
    const policy = buildRefundPolicy({ fullRefundHours: 6, lateRefundPercent: 20 });
    expect(
      decideRefund({ cancelledBy: 'patient', startsAt, at: at(6 * H), paidAmount: 1000, policy }),
    ).toEqual({ percent: 100, amount: 1000, rule: 'patient_6h_or_more' });
    expect(
      decideRefund({ cancelledBy: 'patient', startsAt, at: at(5 * H), paidAmount: 1000, policy }),
    ).toEqual({ percent: 20, amount: 200, rule: 'patient_less_than_6h' });
    expect(
      decideRefund({ cancelledBy: 'doctor', startsAt, at: at(1 * H), paidAmount: 1000, policy }),
    ).toMatchObject({ percent: 100 });
  });
});
