import { AddressDto } from '../../../common/dto/address.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role } from '../../../common/auth/role.enum';
import { AccountStatus } from '../domain/account-status';
import { Gender } from '../domain/gender';

/** The caller's own account, or an account as an admin sees it. Never carries secrets. */
export class UserResponseDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678' })
  id!: string;

  @ApiProperty({ example: 'asha@example.com' })
  email!: string;

  @ApiProperty({ example: 'Asha Rao' })
  name!: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  role!: Role;

  @ApiProperty({ enum: AccountStatus, enumName: 'AccountStatus' })
  status!: AccountStatus;

  @ApiProperty({ type: String, nullable: true, example: '+919876543210' })
  phone!: string | null;

  @ApiProperty({ type: AddressDto, nullable: true })
  address!: AddressDto | null;

  @ApiProperty({ enum: Gender, enumName: 'Gender', nullable: true })
  gender!: Gender | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '1990-04-01' })
  dateOfBirth!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Asia/Kolkata',
    description: 'IANA zone for times in e-mails; null: the doctor’s zone of each visit',
  })
  timezone!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'http://localhost:3000/uploads/a.webp' })
  avatarUrl!: string | null;

  @ApiProperty({ example: false })
  mustChangePassword!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  deletedAt?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  suspensionReason?: string | null;
}
