export type ImageType = 'jpg' | 'png' | 'webp';

export const IMAGE_MIME: Record<ImageType, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (buf: Uint8Array, bytes: number[], offset = 0): boolean =>
  buf.length >= offset + bytes.length && bytes.every((b, i) => buf[offset + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/**
 * The image type named by the file's leading magic bytes, or null. The declared content type and
 * file name are client-controlled and deliberately not consulted.
 */
export function detectImageType(buf: Uint8Array): ImageType | null {
  if (startsWith(buf, JPEG)) {
    return 'jpg';
  }
  if (startsWith(buf, PNG)) {
    return 'png';
  }
  if (startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8)) {
    return 'webp';
  }
  return null;
}
