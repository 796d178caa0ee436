import { EmailField, PasswordField } from './auth-fields.decorator';

export class LoginDto {
  @EmailField()
  email!: string;

  @PasswordField()
  password!: string;
}

/** Restoring a deleted account takes the same credentials as signing in. */
export class RecoverAccountDto extends LoginDto {}
