import {
  canTransition,
  PRESCRIPTION_STATUSES,
  reasonRequired,
  sourcesOf,
  type PrescriptionStatus,
} from './prescription-status';

describe('prescription status', () => {
  it.each<[PrescriptionStatus, PrescriptionStatus, boolean]>([
    ['active', 'completed', true],
    ['active', 'stopped', true],
    ['active', 'entered-in-error', true],
    ['active', 'active', false],
    ['completed', 'entered-in-error', true],
    ['completed', 'active', false],
    ['completed', 'stopped', false],
    ['stopped', 'entered-in-error', true],
    ['stopped', 'active', false],
    ['stopped', 'completed', false],
    ['entered-in-error', 'active', false],
    ['entered-in-error', 'completed', false],
    ['entered-in-error', 'entered-in-error', false],
  ])('%s -> %s: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });

  it('nothing ever leads back to active; entered-in-error is reachable from every other state', () => {
    expect(sourcesOf('active')).toEqual([]);
    expect(sourcesOf('entered-in-error')).toEqual(['active', 'completed', 'stopped']);
    expect(sourcesOf('completed')).toEqual(['active']);
    expect(PRESCRIPTION_STATUSES.filter((s) => sourcesOf(s).includes('entered-in-error'))).toEqual(
      [],
    );
  });

  it('a reason is required to stop or to mark entered-in-error', () => {
    expect(reasonRequired('stopped')).toBe(true);
    expect(reasonRequired('entered-in-error')).toBe(true);
    expect(reasonRequired('completed')).toBe(false);
  });
});
