import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { NewPassword } from '../../../common/validators/password.validator';
import { EmailField } from './auth-fields.decorator';

export class RegisterDto {
  @ApiProperty({ example: 'Asha Rao', minLength: 1, maxLength: 100 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  name!: string;

  @EmailField()
  email!: string;

  @NewPassword('Password: 8-72 bytes, not a common password')
  password!: string;
}
