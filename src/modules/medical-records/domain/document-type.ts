/** The document types a patient may upload, named by content (magic bytes), never by name. */
export type DocumentType = 'pdf' | 'jpg' | 'png';

export const DOCUMENT_MIME: Record<DocumentType, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
};

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (buf: Uint8Array, bytes: number[]): boolean =>
  buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);

/** The type named by the file's leading bytes, or null (the declared type is not consulted). */
export function detectDocumentType(buf: Uint8Array): DocumentType | null {
  if (startsWith(buf, PDF)) {
    return 'pdf';
  }
  if (startsWith(buf, JPEG)) {
    return 'jpg';
  }
  if (startsWith(buf, PNG)) {
    return 'png';
  }
  return null;
}
