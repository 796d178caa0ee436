import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';
import { type AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import type { Page } from '../../common/dto/pagination.dto';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import {
  ApiEnvelope,
  ApiErrors,
  ApiPageEnvelope,
} from '../../common/swagger/api-responses.decorator';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { SuspendUserDto } from './dto/suspend-user.dto';
import { UserResponseDto } from './dto/user-response.dto';
import { toUserResponse } from './user.mapper';
import { UserAdministrationService } from './user-administration.service';
import { ApiTag } from '../../common/swagger/api-tags';

@ApiTags(ApiTag.AdminUsers)
@Auth(Role.Admin)
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: UserAdministrationService) {}

  @Get()
  @ApiOperation({
    summary: 'List accounts (all statuses, deleted included), newest first',
  })
  @ApiPageEnvelope(UserResponseDto)
  @ApiErrors(400)
  @ResponseMessage('Users')
  async list(@Query() query: ListUsersQueryDto): Promise<Page<UserResponseDto>> {
    const page = await this.users.listUsers(query);
    return { ...page, items: page.items.map((u) => toUserResponse(u, { admin: true })) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account, whatever its status' })
  @ApiEnvelope(UserResponseDto)
  @ApiErrors(400, { 404: ['USER_NOT_FOUND'] })
  @ResponseMessage('User')
  async get(@Param('id', ParseObjectIdPipe) id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.getAnyById(id), { admin: true });
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Suspend an active account; its sessions end at once',
    description:
      '409 INVALID_STATUS_CHANGE unless the account is active; 422 CANNOT_MODIFY_SELF for ' +
      'your own account; 403 CANNOT_MODIFY_ADMIN for another administrator.',
  })
  @ApiEnvelope(UserResponseDto)
  @ApiErrors(400, {
    403: ['FORBIDDEN_ROLE', 'CANNOT_MODIFY_ADMIN'],
    404: ['USER_NOT_FOUND'],
    409: ['INVALID_STATUS_CHANGE'],
    422: ['CANNOT_MODIFY_SELF'],
  })
  @ResponseMessage('User suspended')
  async suspend(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: SuspendUserDto,
  ): Promise<UserResponseDto> {
    return toUserResponse(await this.users.suspend(admin.id, id, body.reason), { admin: true });
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Lift a suspension',
    description: '409 INVALID_STATUS_CHANGE unless the account is suspended.',
  })
  @ApiEnvelope(UserResponseDto)
  @ApiErrors(400, { 404: ['USER_NOT_FOUND'], 409: ['INVALID_STATUS_CHANGE'] })
  @ResponseMessage('User reactivated')
  async reactivate(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<UserResponseDto> {
    return toUserResponse(await this.users.reactivate(admin.id, id), { admin: true });
  }
}
