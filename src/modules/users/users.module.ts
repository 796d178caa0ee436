import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from '../../config/app-config';
import { MediaModule } from '../media/media.module';
import { AdminUsersController } from './admin-users.controller';
import { PasswordHasher } from './password-hasher';
import { User, UserSchema } from './schemas/user.schema';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { AccountPurgeService } from './account-purge.service';
import { UserAdministrationService } from './user-administration.service';
import { UserProfileService } from './user-profile.service';
import { UsersService } from './users.service';
import { UsersPersonalDataSection } from './users-personal-data.section';

@Module({
  imports: [MongooseModule.forFeature([{ name: User.name, schema: UserSchema }]), MediaModule],
  controllers: [UsersController, AdminUsersController],
  providers: [
    UsersRepository,
    UsersService,
    UserProfileService,
    UserAdministrationService,
    AccountPurgeService,
    PasswordHasher,
    UsersPersonalDataSection,
  ],
  // By audience: accounts and credentials; the owner's profile (the Prescripto adapter);
  // administration (admin dashboard); erasure (purge job).
  exports: [UsersService, UserProfileService, UserAdministrationService, AccountPurgeService],
})
export class UsersModule implements OnApplicationBootstrap {
  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.ADMIN_EMAIL && this.config.ADMIN_PASSWORD) {
      await this.users.ensureAdmin(
        this.config.ADMIN_EMAIL,
        this.config.ADMIN_PASSWORD,
        this.config.ADMIN_NAME,
      );
    }
  }
}
