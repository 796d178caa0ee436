import {
  decideRead,
  editableUntil,
  editWindowStart,
  factNeeded,
  withinEditWindow,
} from './record-access';

describe('record access', () => {
  const patient = '665f1c2e8f1b2a0012345678';

  it('the patient reads their own record (self) and nobody else’s', () => {
    expect(decideRead({ id: patient, role: 'patient' }, patient, {})).toEqual({
      allowed: true,
      purpose: 'self',
      breakGlassGrantId: null,
    });
    expect(decideRead({ id: 'other', role: 'patient' }, patient, {})).toEqual({ allowed: false });
  });

  it('a doctor reads only with a care relationship (treatment)', () => {
    const doctor = { id: 'd1', role: 'doctor' as const };
    expect(decideRead(doctor, patient, { careRelationship: true })).toMatchObject({
      allowed: true,
      purpose: 'treatment',
    });
    expect(decideRead(doctor, patient, { careRelationship: false })).toEqual({ allowed: false });
    expect(decideRead(doctor, patient, {})).toEqual({ allowed: false });
    expect(factNeeded(doctor, patient)).toBe('careRelationship');
  });

  it('an admin reads nothing without an active break-glass grant', () => {
    const admin = { id: 'a1', role: 'admin' as const };
    expect(decideRead(admin, patient, {})).toEqual({ allowed: false });
    expect(decideRead(admin, patient, { breakGlassGrantId: null })).toEqual({ allowed: false });
    expect(decideRead(admin, patient, { breakGlassGrantId: 'g1' })).toEqual({
      allowed: true,
      purpose: 'break_glass',
      breakGlassGrantId: 'g1',
    });
    expect(decideRead(admin, patient, { careRelationship: true })).toEqual({ allowed: false });
    expect(factNeeded(admin, patient)).toBe('breakGlass');
    expect(factNeeded({ id: patient, role: 'patient' }, patient)).toBeNull();
  });

  it('notes are editable for 24 hours after writing, not a millisecond more', () => {
    const created = new Date('2026-12-01T10:00:00.000Z');
    expect(editableUntil(created).toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(withinEditWindow(created, new Date('2026-12-02T09:59:59.999Z'))).toBe(true);
    expect(withinEditWindow(created, new Date('2026-12-02T10:00:00.000Z'))).toBe(false);
    expect(editWindowStart(new Date('2026-12-02T10:00:00.000Z')).toISOString()).toBe(
      created.toISOString(),
    );
  });
});
