import { mergeNote, vitalsFrom, withUnits } from './record-content';

describe('record content', () => {
  it('vitals keep only measured signs, each with its UCUM unit', () => {
    expect(withUnits({ heartRate: 72, bloodPressure: { systolic: 120, diastolic: 80 } })).toEqual({
      heartRate: { value: 72, unit: '/min' },
      bloodPressure: { systolic: 120, diastolic: 80, unit: 'mm[Hg]' },
    });
    expect(withUnits({})).toEqual({});
    expect(vitalsFrom({ bodyTemperature: 37.5, extra: 1 } as never)).toEqual({
      bodyTemperature: 37.5,
    });
    expect(vitalsFrom(null)).toEqual({});
  });

  it('an edit replaces the fields sent, clears null or empty ones, keeps the others', () => {
    const current = { chiefComplaint: 'Cough', findings: 'Wheeze', diagnosis: null, plan: 'Rest' };
    expect(mergeNote(current, { diagnosis: 'Bronchitis', plan: null, findings: '' })).toEqual({
      chiefComplaint: 'Cough',
      findings: null,
      diagnosis: 'Bronchitis',
      plan: null,
    });
  });
});
