import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';
import { type AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { type Page } from '../../common/dto/pagination.dto';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import {
  ApiEnvelope,
  ApiErrors,
  ApiPageEnvelope,
} from '../../common/swagger/api-responses.decorator';
import { ApiTag } from '../../common/swagger/api-tags';
import { AdminListReviewsQueryDto, ModerateReviewDto } from './dto/review-request.dto';
import { AdminReviewDto } from './dto/review-response.dto';
import { ReviewsService } from './reviews.service';

@ApiTags(ApiTag.AdminReviews)
@Auth(Role.Admin)
@Controller('admin/reviews')
export class AdminReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Get()
  @ApiOperation({
    summary: 'Every review, newest first; `reported=true` is the moderation queue',
    description:
      '`reported=true`: reviews whose reports await a decision, latest report first. ' +
      '`hidden=true|false`: hidden or published only. `doctorId`: one doctor’s.',
  })
  @ApiPageEnvelope(AdminReviewDto)
  @ApiErrors(400)
  @ResponseMessage('Reviews')
  list(@Query() query: AdminListReviewsQueryDto): Promise<Page<AdminReviewDto>> {
    return this.reviews.adminList(query);
  }

  @Post(':id/hide')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Hide a review, with a reason (recorded on the review)',
    description:
      'A published review leaves the public list and the doctor’s rating; on a review the ' +
      'reports hid, it confirms the decision. Anything else is 409 INVALID_REVIEW_STATE.',
  })
  @ApiEnvelope(AdminReviewDto)
  @ApiErrors(400, { 404: ['REVIEW_NOT_FOUND'], 409: ['INVALID_REVIEW_STATE', 'CONFLICT_RETRY'] })
  @ResponseMessage('Review hidden')
  hide(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: ModerateReviewDto,
  ): Promise<AdminReviewDto> {
    return this.reviews.hide(admin, id, dto.reason);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restore a hidden review, with a reason (recorded on the review)',
    description:
      'It returns to the public list and the doctor’s rating; open reports are resolved.',
  })
  @ApiEnvelope(AdminReviewDto)
  @ApiErrors(400, { 404: ['REVIEW_NOT_FOUND'], 409: ['INVALID_REVIEW_STATE', 'CONFLICT_RETRY'] })
  @ResponseMessage('Review restored')
  restore(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: ModerateReviewDto,
  ): Promise<AdminReviewDto> {
    return this.reviews.restore(admin, id, dto.reason);
  }
}
