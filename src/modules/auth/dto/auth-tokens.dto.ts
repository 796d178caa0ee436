import { ApiProperty } from '@nestjs/swagger';
import { UserResponseDto } from '../../users/dto/user-response.dto';

/** The result of signing in, signing up, refreshing or recovering. */
export class AuthTokensDto {
  @ApiProperty({ description: 'JWT (HS256); send as `Authorization: Bearer <token>`' })
  accessToken!: string;

  @ApiProperty({
    description: 'Opaque refresh token; single use, exchanged at POST /auth/refresh',
    example: '665f1c2e8f1b2a0012345678.3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  })
  refreshToken!: string;

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expiresIn!: number;

  @ApiProperty({ type: UserResponseDto })
  user!: UserResponseDto;
}
