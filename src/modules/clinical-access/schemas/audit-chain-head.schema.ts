import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The head of the audit chain: the last sequence number and its hash, one document. Every append
 * updates it in the transaction that inserts the entry, so concurrent appends (any instance)
 * conflict here and are applied one after the other: the chain stays one line.
 */
@Schema({ collection: 'clinical_audit_chain', versionKey: false })
export class AuditChainHead {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Number, required: true }) seq!: number;
  @Prop({ type: String, required: true }) hash!: string;
  @Prop({ type: Date, required: true }) updatedAt!: Date;
}

export const AuditChainHeadSchema = SchemaFactory.createForClass(AuditChainHead);
