import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { MongooseModule } from '@nestjs/mongoose';
import { MailModule } from '../notifications/mail.module';
import { UsersModule } from '../users/users.module';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthPersonalDataSection } from './auth-personal-data.section';
import { AuthService } from './auth.service';
import { GuardDenials } from './guards/guard-denials';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { PasswordChangeGuard } from './guards/password-change.guard';
import { RolesGuard } from './guards/roles.guard';
import { LoginAttemptsService } from './login-attempts.service';
import { LoginFailuresRepository } from './login-failures.repository';
import { PasswordResetService } from './password-reset.service';
import { PasswordResetsRepository } from './password-resets.repository';
import { LoginFailure, LoginFailureSchema } from './schemas/login-failure.schema';
import { PasswordReset, PasswordResetSchema } from './schemas/password-reset.schema';
import { Session, SessionSchema } from './schemas/session.schema';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { UserEventsListener } from './user-events.listener';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Session.name, schema: SessionSchema },
      { name: LoginFailure.name, schema: LoginFailureSchema },
      { name: PasswordReset.name, schema: PasswordResetSchema },
    ]),
    // Secrets and options are passed per call by AccessTokenService.
    JwtModule.register({}),
    UsersModule,
    MailModule,
  ],
  controllers: [AuthController],
  providers: [
    AccessTokenService,
    JwtStrategy,
    AuthService,
    SessionsService,
    SessionsRepository,
    LoginAttemptsService,
    LoginFailuresRepository,
    PasswordResetService,
    PasswordResetsRepository,
    UserEventsListener,
    GuardDenials,
    AuthPersonalDataSection,
    // Order matters: authentication sets req.user, then the pending password change and the
    // roles are checked.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: PasswordChangeGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  // For adapters that sign in through the same rules (the Prescripto compatibility module), and
  // the welcome e-mail of an admin-created doctor, which carries a set-password link;
  // GuardDenials for modules that record refusals (the clinical access audit).
  exports: [AuthService, PasswordResetService, GuardDenials],
})
export class AuthModule {}
