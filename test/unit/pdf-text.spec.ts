import { deflateSync } from 'node:zlib';
import { pdfText } from '../utils/pdf-text';

/** A one-stream PDF body as pdfkit writes it: `stream\n<deflated>\nendstream`. */
const pdfWith = (data: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from('1 0 obj\n<< /Filter /FlateDecode >>\nstream\n', 'latin1'),
    data,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);

const hex = (s: string) => Buffer.from(s, 'latin1').toString('hex');

describe('pdfText (test helper)', () => {
  it('reads the text of a compressed stream whose data ends in a \\r byte', () => {
    // About one stream in 256 ends in 0x0d; find such a content deterministically.
    let content = '';
    let data = Buffer.alloc(0);
    for (let i = 0; data.length === 0 || data[data.length - 1] !== 0x0d; i++) {
      content = `BT <${hex(`Invoice INV-2026-${String(i).padStart(6, '0')}`)}> Tj ET`;
      data = deflateSync(Buffer.from(content, 'latin1'));
    }
    const [text] = pdfText(pdfWith(data));
    expect(text).toMatch(/^Invoice INV-2026-\d{6}$/);
  });

  it('reads ordinary streams and TJ arrays', () => {
    const content = `BT [<${hex('Amount: ')}> -20 <${hex('500.00 INR')}>] TJ ET`;
    expect(pdfText(pdfWith(deflateSync(Buffer.from(content, 'latin1'))))).toEqual([
      'Amount: 500.00 INR',
    ]);
  });
});
