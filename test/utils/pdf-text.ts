import { inflateSync } from 'node:zlib';

/**
 * The text drawn on a PDF's pages, one string per text-showing operator, read the way a viewer
 * would: each content stream is inflated and the strings of its Tj/TJ operators decoded
 * (pdfkit writes the standard fonts' text as hex WinAnsi strings).
 */
export function pdfText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  // Not `\r?\nendstream`: compressed data ends in a \r byte once in 256 streams, and taking it
  // for the line end truncates the data (the inflate then fails and no text is found).
  const streams = /stream\r?\n([\s\S]*?)\nendstream/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const data = m[1];
    const content =
      inflated(data) ?? (data.endsWith('\r') ? inflated(data.slice(0, -1)) : null) ?? data;
    const ops =
      /\[((?:<[0-9a-fA-F]*>|\([^)]*\)|\s|-?\d+(?:\.\d+)?)*)\]\s*TJ|(<[0-9a-fA-F]*>|\([^)]*\))\s*Tj/g;
    for (let op = ops.exec(content); op; op = ops.exec(content)) {
      const parts = (op[1] ?? op[2]).match(/<[0-9a-fA-F]*>|\([^)]*\)/g) ?? [];
      out.push(parts.map(decode).join(''));
    }
  }
  return out;
}

function inflated(data: string): string | null {
  try {
    return inflateSync(Buffer.from(data, 'latin1')).toString('latin1');
  } catch {
    return null;
  }
}

function decode(s: string): string {
  if (s.startsWith('<')) {
    return Buffer.from(s.slice(1, -1), 'hex').toString('latin1');
  }
  return s.slice(1, -1);
}
