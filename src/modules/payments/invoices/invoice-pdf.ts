import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import type { InvoiceDocumentDto } from '../dto/invoice-response.dto';

/** Minor units as a decimal amount with the currency code, e.g. `500.00 INR`. */
export function formatMoney(minor: number, currency: string): string {
  return `${(minor / 100).toFixed(2)} ${currency}`;
}

/** Renders one invoice or credit note on an A4 page with pdfkit's built-in Helvetica. */
export function renderInvoicePdf(doc: InvoiceDocumentDto): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margin: 50, info: { Title: doc.number } });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);

    const title = doc.kind === 'credit_note' ? 'Credit note' : 'Invoice';
    const visitTime = DateTime.fromISO(doc.visit.startsAt, { zone: doc.visit.timezone });
    pdf.font('Helvetica-Bold').fontSize(20).text(`${title} ${doc.number}`);
    pdf.moveDown(0.5).font('Helvetica').fontSize(10);
    pdf.text(`Issued: ${doc.issuedAt.slice(0, 10)}`);
    if (doc.refersTo) {
      pdf.text(`Refers to invoice: ${doc.refersTo}`);
    }
    pdf.moveDown();
    pdf.font('Helvetica-Bold').text('From');
    pdf.font('Helvetica').text(doc.seller.name);
    for (const line of doc.seller.address) {
      pdf.text(line);
    }
    pdf.moveDown();
    pdf.font('Helvetica-Bold').text('Billed to');
    pdf.font('Helvetica').text(doc.patient.name);
    if (doc.patient.email) {
      pdf.text(doc.patient.email);
    }
    pdf.moveDown();
    pdf.font('Helvetica-Bold').text('Visit');
    pdf.font('Helvetica').text(`${doc.visit.doctorName} (${doc.visit.speciality})`);
    pdf.text(`${visitTime.toFormat('yyyy-MM-dd HH:mm')} ${doc.visit.timezone}`);
    pdf.text(`Appointment ${doc.visit.appointmentId}`);
    pdf.moveDown();
    pdf
      .font('Helvetica-Bold')
      .fontSize(14)
      .text(`Amount: ${formatMoney(doc.amount, doc.currency)}`);
    pdf.font('Helvetica').fontSize(10);
    pdf.text(
      `Paid via ${doc.provider}${doc.providerReference ? `, ref ${doc.providerReference}` : ''}`,
    );
    pdf.end();
  });
}
