import { nameFields, nameWords, normaliseName, searchWords } from './doctor-name';
import { slugify } from './slug';

describe('doctor names', () => {
  it('normalises case, accents and punctuation', () => {
    expect(normaliseName("  Dr. Émile O'Brien ")).toBe('dr emile o brien');
  });

  it('indexes each distinct word once', () => {
    expect(nameWords('Asha Asha Rao-Kumar')).toEqual(['asha', 'rao', 'kumar']);
  });

  it('keeps the display name and derives the search fields', () => {
    expect(nameFields(' Zoë Park ')).toEqual({
      name: 'Zoë Park',
      nameLower: 'zoe park',
      nameWords: ['zoe', 'park'],
    });
  });

  it('searches the longest words first and ignores operators and regex syntax', () => {
    expect(searchWords('a.* Kumar (r')).toEqual(['kumar', 'a', 'r']);
    expect(searchWords('$regex')).toEqual(['regex']);
    expect(searchWords('  ')).toEqual([]);
    expect(searchWords('one two three four five')).toHaveLength(4);
  });
});

describe('slugify', () => {
  it('makes URL-safe slugs', () => {
    expect(slugify('Ear, Nose & Throat')).toBe('ear-nose-throat');
    expect(slugify('  Pédiatrie ')).toBe('pediatrie');
    expect(slugify('***')).toBe('');
  });
});
