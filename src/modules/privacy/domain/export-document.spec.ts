import { assembleExport, duplicateNames, exportFileName } from './export-document';

describe('export document', () => {
  it('puts the sections in name order under one versioned envelope', () => {
    const doc = assembleExport(
      { userId: 'u1', role: 'patient' },
      new Date('2026-12-02T05:00:00Z'),
      [
        { name: 'reviews', data: [] },
        { name: 'appointments', data: { asPatient: [] } },
      ],
    );
    expect(doc).toEqual({
      format: 'docbook.personal-data-export',
      version: 1,
      generatedAt: '2026-12-02T05:00:00.000Z',
      subject: { userId: 'u1', role: 'patient' },
      sections: { appointments: { asPatient: [] }, reviews: [] },
    });
    expect(Object.keys(doc.sections)).toEqual(['appointments', 'reviews']);
  });

  it('names each clashing section once', () => {
    expect(duplicateNames(['a', 'b', 'a', 'c', 'b', 'a'])).toEqual(['a', 'b']);
    expect(duplicateNames(['a', 'b'])).toEqual([]);
  });

  it('builds a file name that is safe in Content-Disposition', () => {
    expect(exportFileName('65a1b2c3d4e5f60718293a4b', new Date('2026-12-02T23:59:00Z'))).toBe(
      'docbook-export-65a1b2c3d4e5f60718293a4b-2026-12-02.json',
    );
    expect(exportFileName('a"b\r\nc', new Date('2026-01-01T00:00:00Z'))).toBe(
      'docbook-export-abc-2026-01-01.json',
    );
  });
});
