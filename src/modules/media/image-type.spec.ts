import { detectImageType } from './image-type';

const bytes = (...b: number[]): Buffer => Buffer.from(b);

describe('detectImageType', () => {
  it('recognises JPEG by FF D8 FF', () => {
    expect(detectImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10))).toBe('jpg');
  });

  it('recognises PNG by its 8-byte signature', () => {
    expect(detectImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe(
      'png',
    );
  });

  it('recognises WebP by RIFF....WEBP', () => {
    const webp = Buffer.concat([
      Buffer.from('RIFF'),
      bytes(0x24, 0, 0, 0),
      Buffer.from('WEBPVP8 '),
    ]);
    expect(detectImageType(webp)).toBe('webp');
  });

  it('rejects a RIFF container that is not WebP (e.g. WAV)', () => {
    const wav = Buffer.concat([Buffer.from('RIFF'), bytes(0x24, 0, 0, 0), Buffer.from('WAVE')]);
    expect(detectImageType(wav)).toBeNull();
  });

  it('rejects truncated signatures', () => {
    expect(detectImageType(bytes(0xff, 0xd8))).toBeNull();
    expect(detectImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a))).toBeNull();
    expect(detectImageType(Buffer.from('RIFF\0\0\0\0WEB'))).toBeNull();
    expect(detectImageType(Buffer.alloc(0))).toBeNull();
  });

  it('rejects text, GIF, SVG and PDF', () => {
    expect(detectImageType(Buffer.from('hello, I am a png'))).toBeNull();
    expect(detectImageType(Buffer.from('GIF89a\x01\x00'))).toBeNull();
    expect(detectImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(detectImageType(Buffer.from('%PDF-1.7'))).toBeNull();
  });

  it('only looks at the leading bytes, not a signature further in', () => {
    expect(detectImageType(Buffer.concat([bytes(0x00), bytes(0xff, 0xd8, 0xff)]))).toBeNull();
  });
});
