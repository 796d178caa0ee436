import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { NewPassword } from '../../../common/validators/password.validator';
import { EmailField, PasswordField } from './auth-fields.decorator';

export class ChangePasswordDto {
  @PasswordField('The current password')
  currentPassword!: string;

  @NewPassword()
  newPassword!: string;
}

export class ForgotPasswordDto {
  @EmailField()
  email!: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'The token from the reset e-mail' })
  @IsString()
  @Length(1, 128)
  token!: string;

  @NewPassword()
  newPassword!: string;
}
