import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';
import { type AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { PaginationQueryDto, type Page } from '../../common/dto/pagination.dto';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import {
  ApiEnvelope,
  ApiErrors,
  ApiPageEnvelope,
} from '../../common/swagger/api-responses.decorator';
import { ApiTag } from '../../common/swagger/api-tags';
import {
  CreateReviewDto,
  ListDoctorReviewsQueryDto,
  ReplyDto,
  ReportReviewDto,
  UpdateReviewDto,
} from './dto/review-request.dto';
import { OwnReviewDto, PublicReviewDto, ReportResultDto } from './dto/review-response.dto';
import { ReviewsService } from './reviews.service';

const EDIT_RULE =
  'The author only, for 7 days after writing it (422 REVIEW_EDIT_WINDOW_CLOSED) and until the ' +
  'doctor replies (422 REVIEW_REPLIED). Someone else’s or a deleted review is 404.';

@ApiTags(ApiTag.Reviews)
@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Post('appointments/:id/review')
  @Auth(Role.Patient)
  @ApiOperation({
    summary: 'Review a completed visit (its patient, once)',
    description:
      'Rating 1-5 (a JSON integer) and an optional text (trimmed, at most 2000 characters). ' +
      'Only the patient of a completed appointment (422 APPOINTMENT_NOT_COMPLETED), within 30 ' +
      'days of its completion (422 REVIEW_WINDOW_CLOSED), once (409 ALREADY_REVIEWED). ' +
      'Someone else’s appointment is 404. The doctor’s rating includes it when this returns.',
  })
  @ApiEnvelope(OwnReviewDto, { status: 201 })
  @ApiErrors(400, {
    404: ['APPOINTMENT_NOT_FOUND'],
    409: ['ALREADY_REVIEWED', 'CONFLICT_RETRY'],
    422: ['APPOINTMENT_NOT_COMPLETED', 'REVIEW_WINDOW_CLOSED'],
  })
  @ResponseMessage('Review published')
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: CreateReviewDto,
  ): Promise<OwnReviewDto> {
    return this.reviews.create(user, id, dto);
  }

  @Get('reviews/me')
  @Auth(Role.Patient)
  @ApiOperation({ summary: 'The caller’s reviews, newest first (deleted ones left out)' })
  @ApiPageEnvelope(OwnReviewDto)
  @ApiErrors(400)
  @ResponseMessage('Your reviews')
  mine(
    @CurrentUser() user: AuthUser,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<OwnReviewDto>> {
    return this.reviews.mine(user, query);
  }

  @Patch('reviews/:id')
  @Auth(Role.Patient)
  @ApiOperation({
    summary: 'Edit your review (the previous version is kept)',
    description: EDIT_RULE,
  })
  @ApiEnvelope(OwnReviewDto)
  @ApiErrors(400, {
    404: ['REVIEW_NOT_FOUND'],
    409: ['INVALID_REVIEW_STATE', 'CONFLICT_RETRY'],
    422: ['REVIEW_EDIT_WINDOW_CLOSED', 'REVIEW_REPLIED'],
  })
  @ResponseMessage('Review updated')
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: UpdateReviewDto,
  ): Promise<OwnReviewDto> {
    return this.reviews.update(user, id, dto);
  }

  @Delete('reviews/:id')
  @Auth(Role.Patient)
  @ApiOperation({
    summary: 'Delete your review (it leaves the doctor’s rating)',
    description: `${EDIT_RULE} The visit cannot be reviewed again.`,
  })
  @ApiEnvelope(OwnReviewDto)
  @ApiErrors(400, {
    404: ['REVIEW_NOT_FOUND'],
    409: ['INVALID_REVIEW_STATE', 'CONFLICT_RETRY'],
    422: ['REVIEW_EDIT_WINDOW_CLOSED', 'REVIEW_REPLIED'],
  })
  @ResponseMessage('Review deleted')
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<OwnReviewDto> {
    return this.reviews.remove(user, id);
  }

  @Put('reviews/:id/reply')
  @Auth(Role.Doctor)
  @ApiOperation({
    summary: 'Post or edit the public reply to a review (the doctor of its appointment)',
    description:
      'One reply per review; PUT again replaces its text. After a reply the patient can no ' +
      'longer edit or delete the review. A review of another doctor is 404.',
  })
  @ApiEnvelope(PublicReviewDto)
  @ApiErrors(400, { 404: ['REVIEW_NOT_FOUND'], 409: ['INVALID_REVIEW_STATE', 'CONFLICT_RETRY'] })
  @ResponseMessage('Reply saved')
  reply(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: ReplyDto,
  ): Promise<PublicReviewDto> {
    return this.reviews.reply(user, id, dto.text);
  }

  @Post('reviews/:id/report')
  @HttpCode(200)
  @Auth()
  @ApiOperation({
    summary: 'Report a review (any signed-in user, once)',
    description:
      'Reasons: spam, inappropriate, offensive, fake, other. After REVIEW_REPORTS_TO_HIDE ' +
      'reports the review is hidden pending moderation and leaves the doctor’s rating. ' +
      'A second report by the same user is 409 ALREADY_REPORTED; one’s own review is 422.',
  })
  @ApiEnvelope(ReportResultDto)
  @ApiErrors(400, {
    404: ['REVIEW_NOT_FOUND'],
    409: ['ALREADY_REPORTED', 'INVALID_REVIEW_STATE', 'CONFLICT_RETRY'],
    422: ['CANNOT_REPORT_OWN_REVIEW'],
  })
  @ResponseMessage('Review reported')
  report(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: ReportReviewDto,
  ): Promise<ReportResultDto> {
    return this.reviews.report(user, id, dto.reason);
  }
}

@ApiTags(ApiTag.Reviews)
@Controller('doctors/:id/reviews')
export class DoctorReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'A listed doctor’s published reviews',
    description:
      'Newest first (default) or by rating (`highest`, `lowest`). Patients appear as first ' +
      'name and initial only.',
  })
  @ApiPageEnvelope(PublicReviewDto)
  @ApiErrors(400, { 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Reviews')
  list(
    @Param('id', ParseObjectIdPipe) id: string,
    @Query() query: ListDoctorReviewsQueryDto,
  ): Promise<Page<PublicReviewDto>> {
    return this.reviews.listForDoctor(id, query);
  }
}
