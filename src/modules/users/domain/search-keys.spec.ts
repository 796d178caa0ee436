import { searchTokens, userSearchKeys } from './search-keys';

describe('user search keys', () => {
  it('indexes name words as typed and without punctuation, and the e-mail parts', () => {
    expect(userSearchKeys('Dr. (Meera) Iyer', 'Meera.Iyer@Clinic.example').sort()).toEqual(
      [
        'dr.',
        'dr',
        '(meera)',
        'meera',
        'iyer',
        'meera.iyer@clinic.example',
        'meera.iyer',
        'clinic.example',
      ].sort(),
    );
  });

  it('folds case and accents on both sides', () => {
    expect(userSearchKeys('José Ñúñez', 'j@x.io')).toEqual(
      expect.arrayContaining(['jose', 'nunez']),
    );
    expect(searchTokens('  JOSÉ   ñu ')).toEqual(['jose', 'nu']);
  });

  it('keeps typed text literal and bounded', () => {
    expect(searchTokens('a|b .* ^')).toEqual(['a|b', '.*', '^']);
    expect(searchTokens('   ')).toEqual([]);
    expect(searchTokens('a b c d e f')).toHaveLength(4);
  });
});
