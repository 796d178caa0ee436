import { displayName, editRefusal, reportsHide, reviewWindowOpen } from './review-rules';

const DAY = 24 * 3_600_000;

describe('review rules', () => {
  const now = new Date('2026-06-30T12:00:00Z');

  it('opens the review window for 30 days after completion', () => {
    expect(reviewWindowOpen(new Date(now.getTime() - 30 * DAY), now)).toBe(true);
    expect(reviewWindowOpen(new Date(now.getTime() - 30 * DAY - 1), now)).toBe(false);
    expect(reviewWindowOpen(now, now)).toBe(true);
  });

  it('lets the patient edit for 7 days and until the doctor replies', () => {
    const fresh = { status: 'published' as const, createdAt: now, reply: null };
    expect(editRefusal(fresh, now)).toBeNull();
    expect(editRefusal({ ...fresh, createdAt: new Date(now.getTime() - 7 * DAY) }, now)).toBeNull();
    expect(editRefusal({ ...fresh, createdAt: new Date(now.getTime() - 7 * DAY - 1) }, now)).toBe(
      'window_closed',
    );
    expect(editRefusal({ ...fresh, reply: { text: 'Thanks' } }, now)).toBe('replied');
    expect(editRefusal({ ...fresh, status: 'deleted' }, now)).toBe('deleted');
    expect(editRefusal({ ...fresh, status: 'hidden' }, now)).toBeNull();
  });

  it('shows the first name and the last initial only', () => {
    expect(displayName('Ravi Kumar')).toBe('Ravi K.');
    expect(displayName('  asha   devi  rao ')).toBe('asha R.');
    expect(displayName('Madonna')).toBe('Madonna');
    expect(displayName('Émile  Ørsted')).toBe('Émile Ø.');
    expect(displayName('   ')).toBe('Patient');
  });

  it('hides once the open reports reach the threshold', () => {
    expect(reportsHide(2, 3)).toBe(false);
    expect(reportsHide(3, 3)).toBe(true);
  });
});
