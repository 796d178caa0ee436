import { ApiProperty } from '@nestjs/swagger';

/**
 * An address as responses show it. The API's convention for an absent optional value is `null`
 * (as for a phone or a date of birth): a line not given is `null`, and an address without any
 * line is `null` itself. Storage keeps empty strings; only responses are normalised.
 */
export class AddressDto {
  @ApiProperty({ type: String, nullable: true, example: '12 MG Road' })
  line1!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Bengaluru 560001' })
  line2!: string | null;
}

export function toAddressResponse(
  stored: { line1?: string | null; line2?: string | null } | null | undefined,
): AddressDto | null {
  const line1 = stored?.line1 || null;
  const line2 = stored?.line2 || null;
  return line1 === null && line2 === null ? null : { line1, line2 };
}
