import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { AppConfig } from '../../config/app-config';

/** bcrypt hashing; the cost comes from configuration (lower in tests). */
@Injectable()
export class PasswordHasher {
  // A real hash to compare against when the account does not exist, so that login takes the
  // same time whether or not the e-mail is registered.
  private readonly dummyHash: Promise<string>;

  constructor(private readonly config: AppConfig) {
    this.dummyHash = bcrypt.hash('dummy-password-for-timing', config.BCRYPT_ROUNDS);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.BCRYPT_ROUNDS);
  }

  async verify(password: string, hash: string | null | undefined): Promise<boolean> {
    if (!hash) {
      await bcrypt.compare(password, await this.dummyHash);
      return false;
    }
    return bcrypt.compare(password, hash);
  }
}
