import { Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';
import { type AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { PaginationQueryDto, type Page } from '../../common/dto/pagination.dto';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import {
  ApiEnvelope,
  ApiErrors,
  ApiPageEnvelope,
} from '../../common/swagger/api-responses.decorator';
import { FollowedDoctorDto, FollowStatusDto } from './dto/follow.dto';
import { FollowsService } from './follows.service';
import { ApiTag } from '../../common/swagger/api-tags';

@ApiTags(ApiTag.Follows)
@Auth(Role.Patient)
@Controller('follows')
export class FollowsController {
  constructor(private readonly follows: FollowsService) {}

  @Get()
  @ApiOperation({ summary: 'Doctors the caller follows, most recently followed first' })
  @ApiPageEnvelope(FollowedDoctorDto)
  @ApiErrors(400)
  @ResponseMessage('Followed doctors')
  list(
    @CurrentUser() caller: AuthUser,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<FollowedDoctorDto>> {
    return this.follows.list(caller.id, query);
  }

  @Get(':doctorId')
  @ApiOperation({ summary: 'Whether the caller follows this doctor' })
  @ApiEnvelope(FollowStatusDto)
  @ApiErrors(400)
  @ResponseMessage('Follow status')
  status(
    @CurrentUser() caller: AuthUser,
    @Param('doctorId', ParseObjectIdPipe) doctorId: string,
  ): Promise<FollowStatusDto> {
    return this.follows.status(caller.id, doctorId);
  }

  @Put(':doctorId')
  @ApiOperation({
    summary: 'Follow a doctor (idempotent)',
    description: 'Following again changes nothing. 404 unless the doctor is publicly listed.',
  })
  @ApiEnvelope(FollowStatusDto)
  @ApiErrors(400, { 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Following')
  follow(
    @CurrentUser() caller: AuthUser,
    @Param('doctorId', ParseObjectIdPipe) doctorId: string,
  ): Promise<FollowStatusDto> {
    return this.follows.follow(caller.id, doctorId);
  }

  @Delete(':doctorId')
  @ApiOperation({ summary: 'Unfollow a doctor (idempotent)' })
  @ApiEnvelope(FollowStatusDto)
  @ApiErrors(400)
  @ResponseMessage('Not following')
  unfollow(
    @CurrentUser() caller: AuthUser,
    @Param('doctorId', ParseObjectIdPipe) doctorId: string,
  ): Promise<FollowStatusDto> {
    return this.follows.unfollow(caller.id, doctorId);
  }
}
