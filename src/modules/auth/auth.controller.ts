import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { AllowPasswordChangePending } from '../../common/decorators/allow-password-change-pending.decorator';
import { Client, type ClientInfo } from '../../common/decorators/client-info.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { StrictThrottle } from '../../common/decorators/strict-throttle.decorator';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import { ApiEnvelope, ApiErrors } from '../../common/swagger/api-responses.decorator';
import { toSessionResponse } from './auth.mapper';
import { AuthService } from './auth.service';
import { AuthTokensDto } from './dto/auth-tokens.dto';
import { LoginDto, RecoverAccountDto } from './dto/login.dto';
import { ChangePasswordDto, ForgotPasswordDto, ResetPasswordDto } from './dto/password.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RegisterDto } from './dto/register.dto';
import { SessionResponseDto } from './dto/session-response.dto';
import { PasswordResetService } from './password-reset.service';
import { SessionsService } from './sessions.service';
import { ApiTag } from '../../common/swagger/api-tags';

@ApiTags(ApiTag.Auth)
@StrictThrottle()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly passwordReset: PasswordResetService,
  ) {}

  @Post('register')
  @Public()
  @ResponseMessage('Account created')
  @ApiOperation({ summary: 'Create a patient account and sign in' })
  @ApiEnvelope(AuthTokensDto, { status: 201 })
  @ApiErrors(400, 429, { 409: ['EMAIL_TAKEN'] })
  register(@Body() dto: RegisterDto, @Client() client: ClientInfo): Promise<AuthTokensDto> {
    return this.auth.register(dto, client);
  }

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ResponseMessage('Signed in')
  @ApiOperation({
    summary: 'Sign in with e-mail and password',
    description:
      'Wrong e-mail or password: 401 INVALID_CREDENTIALS. Suspended: 403 ACCOUNT_SUSPENDED. ' +
      'Deleted but recoverable (correct password): 401 INVALID_CREDENTIALS with ' +
      '`details.recoverable = true` (use POST /auth/recover). Too many failures: 429 ' +
      'TOO_MANY_LOGIN_ATTEMPTS with Retry-After.',
  })
  @ApiEnvelope(AuthTokensDto)
  @ApiErrors(400, {
    401: ['INVALID_CREDENTIALS'],
    403: ['ACCOUNT_SUSPENDED'],
    429: ['TOO_MANY_LOGIN_ATTEMPTS', 'RATE_LIMITED'],
  })
  login(@Body() dto: LoginDto, @Client() client: ClientInfo): Promise<AuthTokensDto> {
    return this.auth.login(dto, client);
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ResponseMessage('Tokens refreshed')
  @ApiOperation({
    summary: 'Exchange a refresh token for a new token pair (the old one stops working)',
    description:
      'Presenting a refresh token that was already exchanged ends the session: ' +
      '401 REFRESH_TOKEN_REUSED.',
  })
  @ApiEnvelope(AuthTokensDto)
  @ApiErrors(400, 429, {
    401: ['INVALID_REFRESH_TOKEN', 'REFRESH_TOKEN_REUSED', 'SESSION_REVOKED'],
    403: ['ACCOUNT_SUSPENDED'],
  })
  refresh(@Body() dto: RefreshTokenDto): Promise<AuthTokensDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @Auth()
  @AllowPasswordChangePending()
  @HttpCode(HttpStatus.OK)
  @ResponseMessage('Signed out')
  @ApiOperation({ summary: 'End the current session' })
  @ApiEnvelope(null)
  async logout(@CurrentUser() user: AuthUser): Promise<null> {
    await this.sessions.revoke(user.sessionId, 'logout');
    return null;
  }

  @Post('logout-all')
  @Auth()
  @AllowPasswordChangePending()
  @HttpCode(HttpStatus.OK)
  @ResponseMessage('Signed out everywhere')
  @ApiOperation({ summary: 'End every session of the caller, including this one' })
  @ApiEnvelope(null)
  async logoutAll(@CurrentUser() user: AuthUser): Promise<null> {
    await this.sessions.revokeAll(user.id, 'logout_all');
    return null;
  }

  @Get('sessions')
  @Auth()
  @ApiOperation({ summary: "The caller's active sessions, most recently used first" })
  @ApiEnvelope(SessionResponseDto, { isArray: true })
  async listSessions(@CurrentUser() user: AuthUser): Promise<SessionResponseDto[]> {
    const sessions = await this.sessions.listActive(user.id);
    return sessions.map((s) => toSessionResponse(s, user.sessionId));
  }

  @Delete('sessions/:id')
  @Auth()
  @ResponseMessage('Session ended')
  @ApiOperation({ summary: 'End one of the caller’s sessions (404 if not theirs or not active)' })
  @ApiEnvelope(null)
  @ApiErrors(400, { 404: ['SESSION_NOT_FOUND'] })
  async removeSession(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<null> {
    await this.sessions.revokeOwn(user.id, id);
    return null;
  }

  @Post('password/change')
  @Auth()
  @AllowPasswordChangePending()
  @HttpCode(HttpStatus.OK)
  @ResponseMessage('Password changed')
  @ApiOperation({
    summary: 'Change the password; every other session ends',
    description: 'Wrong current password: 422 WRONG_PASSWORD (counts as a failed sign-in).',
  })
  @ApiEnvelope(null)
  @ApiErrors(400, 429, { 422: ['WRONG_PASSWORD'] })
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Client() client: ClientInfo,
  ): Promise<null> {
    await this.auth.changePassword(user, dto.currentPassword, dto.newPassword, client);
    return null;
  }

  @Post('password/forgot')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @ResponseMessage('If an account exists for this e-mail, a reset link is on its way')
  @ApiOperation({
    summary: 'E-mail a password reset link',
    description: 'Always answers 202 the same way, whether or not the account exists.',
  })
  @ApiEnvelope(null, { status: 202 })
  @ApiErrors(429, { 400: ['VALIDATION_FAILED', 'INVALID_RESET_TOKEN'] })
  forgotPassword(@Body() dto: ForgotPasswordDto): null {
    this.passwordReset.requestReset(dto.email);
    return null;
  }

  @Post('password/reset')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ResponseMessage('Password reset; sign in with the new password')
  @ApiOperation({
    summary: 'Set a new password with a reset token; every session ends',
    description: 'Unknown, used or expired token: 400 INVALID_RESET_TOKEN.',
  })
  @ApiEnvelope(null)
  @ApiErrors(400, 429)
  async resetPassword(@Body() dto: ResetPasswordDto): Promise<null> {
    await this.passwordReset.reset(dto.token, dto.newPassword);
    return null;
  }

  @Post('recover')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ResponseMessage('Account recovered')
  @ApiOperation({
    summary: 'Restore a deleted account within its recovery window and sign in',
    description:
      'Bad credentials or account not deleted: 401 INVALID_CREDENTIALS. ' +
      'Recovery window over: 422 ACCOUNT_NOT_RECOVERABLE.',
  })
  @ApiEnvelope(AuthTokensDto)
  @ApiErrors(400, 429, { 401: ['INVALID_CREDENTIALS'], 422: ['ACCOUNT_NOT_RECOVERABLE'] })
  recover(@Body() dto: RecoverAccountDto, @Client() client: ClientInfo): Promise<AuthTokensDto> {
    return this.auth.recover(dto, client);
  }
}
