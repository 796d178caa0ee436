import { ApiProperty } from '@nestjs/swagger';
import { PublicDoctorDto } from '../../doctors/dto/doctor-response.dto';

export class FollowStatusDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678' })
  doctorId!: string;

  @ApiProperty({ example: true })
  following!: boolean;
}

export class FollowedDoctorDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678' })
  doctorId!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  followedAt!: string;

  @ApiProperty({
    type: PublicDoctorDto,
    nullable: true,
    description: 'null while the doctor is not publicly listed (hidden, suspended, deleted)',
  })
  doctor!: PublicDoctorDto | null;
}
