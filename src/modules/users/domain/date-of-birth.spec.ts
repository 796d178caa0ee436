import { dateOfBirthProblem, parseCalendarDate } from './date-of-birth';

describe('parseCalendarDate', () => {
  it('parses real dates at UTC midnight', () => {
    expect(parseCalendarDate('1990-04-01')?.toISOString()).toBe('1990-04-01T00:00:00.000Z');
    expect(parseCalendarDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('rejects days that do not exist instead of rolling them over', () => {
    expect(parseCalendarDate('2023-02-30')).toBeNull();
    expect(parseCalendarDate('2023-02-29')).toBeNull();
    expect(parseCalendarDate('1900-02-29')).toBeNull();
    expect(parseCalendarDate('2023-04-31')).toBeNull();
    expect(parseCalendarDate('2023-13-01')).toBeNull();
    expect(parseCalendarDate('2023-00-10')).toBeNull();
    expect(parseCalendarDate('2023-01-00')).toBeNull();
  });

  it('rejects other formats', () => {
    for (const s of ['1990-4-1', '01/04/1990', '1990-04-01T00:00:00Z', ' 1990-04-01', '']) {
      expect(parseCalendarDate(s)).toBeNull();
    }
  });
});

describe('dateOfBirthProblem', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('accepts past dates from 1900 on', () => {
    expect(dateOfBirthProblem('1900-01-01', now)).toBeNull();
    expect(dateOfBirthProblem('1990-04-01', now)).toBeNull();
    expect(dateOfBirthProblem('2026-03-10', now)).toBeNull();
  });

  it('accepts tomorrow (UTC) while it is already tomorrow somewhere on Earth', () => {
    expect(dateOfBirthProblem('2026-03-11', now)).toBeNull();
    expect(dateOfBirthProblem('2026-03-11', new Date('2026-03-10T09:00:00Z'))).toMatch(/future/);
  });

  it('rejects the future, dates before 1900, impossible dates and non-strings', () => {
    expect(dateOfBirthProblem('2026-03-12', now)).toMatch(/future/);
    expect(dateOfBirthProblem('3000-01-01', now)).toMatch(/future/);
    expect(dateOfBirthProblem('1899-12-31', now)).toMatch(/1900/);
    expect(dateOfBirthProblem('2023-02-30', now)).toMatch(/real calendar date/);
    expect(dateOfBirthProblem(19900401, now)).toMatch(/string/);
    expect(dateOfBirthProblem(null, now)).toMatch(/string/);
  });
});
