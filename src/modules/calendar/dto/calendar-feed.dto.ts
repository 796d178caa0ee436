import { ApiProperty } from '@nestjs/swagger';

export class CalendarFeedResponseDto {
  @ApiProperty({
    description: 'The subscription URL (webcal clients accept it as is). Keep it private.',
    example:
      'https://api.docbook.example/api/v1/calendar/3q2-7wEjx0v1n6sN9ZQk6c8pW0aYbT4uHf5rLmD2eXg.ics',
  })
  url!: string;

  @ApiProperty({
    description:
      'The feed token (43 characters, base64url). Shown only now: it is stored hashed. A new ' +
      'POST replaces it and the old URL stops working.',
  })
  token!: string;
}

export class CalendarFeedRevokedDto {
  @ApiProperty({ description: 'false when there was no feed (revoking is idempotent)' })
  revoked!: boolean;
}
