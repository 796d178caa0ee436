import { ApiProperty } from '@nestjs/swagger';

/** One of the caller's signed-in devices. */
export class SessionResponseDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678' })
  id!: string;

  @ApiProperty({ example: 'Mozilla/5.0 (X11; Linux x86_64)' })
  userAgent!: string;

  @ApiProperty({ example: '203.0.113.7', description: 'IP address the session signed in from' })
  ip!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  lastUsedAt!: string;

  @ApiProperty({ description: 'True for the session making this request' })
  current!: boolean;
}
