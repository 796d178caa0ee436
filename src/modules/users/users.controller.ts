import { Body, Controller, Delete, Get, HttpCode, Patch, Post, UploadedFile } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { AllowPasswordChangePending } from '../../common/decorators/allow-password-change-pending.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { StrictThrottle } from '../../common/decorators/strict-throttle.decorator';
import { ApiEnvelope, ApiErrors } from '../../common/swagger/api-responses.decorator';
import { ImageUpload } from '../media/image-upload.decorator';
import type { UploadedImage } from '../media/media.service';
import { DeleteAccountDto } from './dto/delete-account.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UserResponseDto } from './dto/user-response.dto';
import { toUserResponse } from './user.mapper';
import { UserProfileService } from './user-profile.service';
import { ApiTag } from '../../common/swagger/api-tags';

@ApiTags(ApiTag.Users)
@Auth()
@Controller('users/me')
export class UsersController {
  constructor(private readonly users: UserProfileService) {}

  @Get()
  @AllowPasswordChangePending()
  @ApiOperation({ summary: 'The caller’s own account' })
  @ApiEnvelope(UserResponseDto)
  @ResponseMessage('Profile')
  async me(@CurrentUser() caller: AuthUser): Promise<UserResponseDto> {
    return toUserResponse(await this.users.getOwn(caller.id));
  }

  @Patch()
  @ApiOperation({
    summary: 'Update the caller’s profile',
    description: 'E-mail, role, status and password cannot be changed here (400 unknown field).',
  })
  @ApiEnvelope(UserResponseDto)
  @ApiErrors(400)
  @ResponseMessage('Profile updated')
  async update(
    @CurrentUser() caller: AuthUser,
    @Body() body: UpdateProfileDto,
  ): Promise<UserResponseDto> {
    return toUserResponse(await this.users.updateProfile(caller.id, body));
  }

  @Post('avatar')
  @HttpCode(200)
  @ImageUpload('image')
  @ApiOperation({
    summary: 'Upload a new avatar (JPEG, PNG or WebP); the previous one is deleted',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['image'],
      properties: { image: { type: 'string', format: 'binary' } },
    },
  })
  @ApiEnvelope(UserResponseDto)
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'IMAGE_REQUIRED', 'UNSUPPORTED_IMAGE_TYPE'],
    413: ['IMAGE_TOO_LARGE', 'PAYLOAD_TOO_LARGE'],
    503: ['IMAGE_STORAGE_UNAVAILABLE', 'SERVICE_UNAVAILABLE'],
  })
  @ResponseMessage('Avatar updated')
  async uploadAvatar(
    @CurrentUser() caller: AuthUser,
    @UploadedFile() file: UploadedImage | undefined,
  ): Promise<UserResponseDto> {
    return toUserResponse(await this.users.setAvatar(caller.id, file));
  }

  @Delete()
  @StrictThrottle()
  @ApiOperation({
    summary: 'Delete the caller’s account',
    description:
      'Needs the current password (422 INVALID_PASSWORD when wrong). Every session ends at once. ' +
      'The account can be recovered with its e-mail and password during the recovery window ' +
      '(ACCOUNT_RECOVERY_DAYS); after that its personal data is erased.',
  })
  @ApiEnvelope(null)
  @ApiErrors(400, 429, { 409: ['INVALID_STATUS_CHANGE'], 422: ['INVALID_PASSWORD'] })
  @ResponseMessage('Account deleted')
  async remove(@CurrentUser() caller: AuthUser, @Body() body: DeleteAccountDto): Promise<void> {
    await this.users.deleteOwnAccount(caller.id, body.password, body.reason);
  }
}
