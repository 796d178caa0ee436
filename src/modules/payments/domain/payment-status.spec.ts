import { sourcesFor, statusAfterRefunds } from './payment-status';

describe('payment status', () => {
  it('never moves a paid payment back to failed or expired', () => {
    expect(sourcesFor('failed')).not.toContain('succeeded');
    expect(sourcesFor('expired')).not.toContain('succeeded');
    expect(sourcesFor('succeeded')).not.toContain('refunded');
  });

  it('lets a failed attempt still be paid', () => {
    expect(sourcesFor('succeeded')).toEqual(expect.arrayContaining(['created', 'failed']));
  });

  it('derives refunded / partially_refunded from minor units', () => {
    expect(statusAfterRefunds(50000, 0)).toBe('succeeded');
    expect(statusAfterRefunds(50000, 25000)).toBe('partially_refunded');
    expect(statusAfterRefunds(50000, 50000)).toBe('refunded');
  });
});
