import { detectDocumentType } from './document-type';

describe('detectDocumentType', () => {
  it('names PDF, JPEG and PNG by their leading bytes', () => {
    expect(detectDocumentType(Buffer.from('%PDF-1.7\n...'))).toBe('pdf');
    expect(detectDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('jpg');
    expect(
      detectDocumentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
    ).toBe('png');
  });

  it('refuses anything else, including a renamed file and a truncated signature', () => {
    expect(detectDocumentType(Buffer.from('<html><script>'))).toBeNull();
    expect(detectDocumentType(Buffer.from('GIF89a'))).toBeNull();
    expect(detectDocumentType(Buffer.from('RIFF....WEBP'))).toBeNull();
    expect(detectDocumentType(Buffer.from('%PDF'))).toBeNull();
    expect(detectDocumentType(Buffer.alloc(0))).toBeNull();
  });
});
