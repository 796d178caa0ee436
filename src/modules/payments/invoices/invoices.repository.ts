import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types, type ClientSession } from 'mongoose';
import { Invoice, InvoiceCounter, type InvoiceKind } from '../schemas/invoice.schema';

export type InvoiceRecord = Invoice;
export type NewInvoice = Omit<Invoice, '_id' | 'createdAt'>;

/** The only code that touches invoices and invoice_counters. */
@Injectable()
export class InvoicesRepository {
  constructor(
    @InjectModel(Invoice.name) private readonly invoices: Model<Invoice>,
    @InjectModel(InvoiceCounter.name) private readonly counters: Model<InvoiceCounter>,
  ) {}

  /**
   * The next number of a series, inside the caller's transaction: the $inc on one counter
   * document serialises concurrent allocations (the second writer conflicts and retries), and
   * an aborted transaction rolls its increment back, so numbers have no gaps and never repeat.
   */
  async nextSeq(series: string, session: ClientSession): Promise<number> {
    // The counter is created outside the transaction: two transactions both inserting it would
    // fail with a duplicate key, which MongoDB does not retry inside a transaction.
    await this.counters
      .updateOne({ _id: series }, { $setOnInsert: { seq: 0 } }, { upsert: true })
      .exec()
      .catch((err: { code?: number }) => {
        if (err.code !== 11000) {
          throw err;
        }
      });
    const doc = await this.counters
      .findOneAndUpdate(
        { _id: series },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after', session },
      )
      .lean<InvoiceCounter>()
      .exec();
    return doc.seq;
  }

  async insert(input: NewInvoice, session: ClientSession): Promise<InvoiceRecord> {
    const [doc] = await this.invoices.create([input], { session });
    return doc.toObject();
  }

  findForPayment(paymentId: Types.ObjectId, kind: InvoiceKind): Promise<InvoiceRecord[]> {
    return this.invoices
      .find({ paymentId, kind })
      .sort({ issuedAt: 1 })
      .lean<InvoiceRecord[]>()
      .exec();
  }

  /** The invoices and credit notes of some payments, oldest first (the data export). */
  listForPayments(paymentIds: Types.ObjectId[]): Promise<InvoiceRecord[]> {
    if (paymentIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.invoices
      .find({ paymentId: trusted({ $in: paymentIds }) })
      .sort({ issuedAt: 1 })
      .lean<InvoiceRecord[]>()
      .exec();
  }
}
