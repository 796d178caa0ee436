import { experienceYearsOf, toMajor, toMinor } from './money';
import { normalisePhone } from './phone';

describe('Prescripto amounts, experience and phones', () => {
  it('converts fees between major and minor units by the currency', () => {
    expect(toMajor(50000, 'INR')).toBe(500);
    expect(toMajor(49999, 'INR')).toBe(499.99);
    expect(toMajor(500, 'JPY')).toBe(500);
    expect(toMinor('500', 'INR')).toBe(50000);
    expect(toMinor(499.99, 'INR')).toBe(49999);
    expect(toMinor('12.5', 'INR')).toBe(1250);
    expect(toMinor('500', 'JPY')).toBe(500);
    for (const bad of ['-1', '1.234', 'abc', '', '1e3', null, {}]) {
      expect(toMinor(bad, 'INR')).toBeNull();
    }
  });

  it('reads "N Year" experience', () => {
    expect(experienceYearsOf('4 Year')).toBe(4);
    expect(experienceYearsOf('10 Years')).toBe(10);
    expect(experienceYearsOf('7')).toBe(7);
    expect(experienceYearsOf('many')).toBeNull();
  });

  it('normalises local numbers with the default region', () => {
    expect(normalisePhone('9876543210', 'IN')).toBe('+919876543210');
    expect(normalisePhone('+91 98765-43210', 'IN')).toBe('+919876543210');
    expect(normalisePhone('+1 415 555 2671', 'IN')).toBe('+14155552671');
    expect(normalisePhone('12', 'IN')).toBeNull();
  });
});
