import { ApiProperty } from '@nestjs/swagger';

export class InvoicePartyDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: [String] }) address!: string[];
}

export class InvoiceVisitDto {
  @ApiProperty() appointmentId!: string;
  @ApiProperty() doctorName!: string;
  @ApiProperty() speciality!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() timezone!: string;
}

export class InvoiceDocumentDto {
  @ApiProperty({ example: 'INV-2026-000123' }) number!: string;
  @ApiProperty({ enum: ['invoice', 'credit_note'] }) kind!: 'invoice' | 'credit_note';
  @ApiProperty({ type: String, nullable: true, description: "A credit note's invoice" })
  refersTo!: string | null;
  @ApiProperty() issuedAt!: string;
  @ApiProperty({ type: InvoicePartyDto }) seller!: InvoicePartyDto;
  @ApiProperty({ type: InvoicePartyDto }) patient!: InvoicePartyDto;
  @ApiProperty({ type: InvoiceVisitDto }) visit!: InvoiceVisitDto;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() provider!: string;
  @ApiProperty({ type: String, nullable: true }) providerReference!: string | null;
}

export class InvoiceResponseDto extends InvoiceDocumentDto {
  @ApiProperty({ type: [InvoiceDocumentDto] }) creditNotes!: InvoiceDocumentDto[];
}
