import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import type { Page } from '../../common/dto/pagination.dto';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import {
  ApiEnvelope,
  ApiErrors,
  ApiPageEnvelope,
} from '../../common/swagger/api-responses.decorator';
import { ApiTag } from '../../common/swagger/api-tags';
import {
  ListNotificationsQueryDto,
  NotificationDto,
  PreferencesDto,
  ReadAllDto,
  ReadAllResultDto,
  UnreadCountDto,
  UnsubscribedDto,
  UnsubscribeQueryDto,
} from './dto/notification.dto';
import { NotificationsErrorCode } from './notifications.errors';
import { NotificationsService } from './notifications.service';
import { NotificationStreamService } from './notification-stream.service';

@ApiTags(ApiTag.Notifications)
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly stream: NotificationStreamService,
  ) {}

  @Get()
  @Auth()
  @ApiOperation({ summary: "The caller's notifications, newest first" })
  @ApiPageEnvelope(NotificationDto)
  @ApiErrors(400)
  @ResponseMessage('Notifications')
  list(
    @CurrentUser() caller: AuthUser,
    @Query() query: ListNotificationsQueryDto,
  ): Promise<Page<NotificationDto>> {
    return this.notifications.list(caller.id, query);
  }

  @Get('stream')
  @Auth()
  @ApiOperation({
    summary: 'Live notifications (Server-Sent Events)',
    description:
      'Events: `notification` (id = the notification’s sequence, data = the notification) and ' +
      '`unread-count`; a `: heartbeat` comment every NOTIFICATIONS_STREAM_HEARTBEAT_MS. Send ' +
      '`Last-Event-ID` to resume after a drop without losing or repeating one.',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The last id received' })
  @ApiResponse({
    status: 200,
    description: 'An open event stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  async open(
    @CurrentUser() caller: AuthUser,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    await this.stream.open(caller.id, res, lastEventId);
  }

  @Get('unread-count')
  @Auth()
  @ApiOperation({
    summary: 'How many of the caller’s notifications are unread',
    description: 'Exact up to `bound`; at `bound` it means at least that many (`capped`).',
  })
  @ApiEnvelope(UnreadCountDto)
  @ResponseMessage('Unread count')
  unreadCount(@CurrentUser() caller: AuthUser): Promise<UnreadCountDto> {
    return this.notifications.unreadCount(caller.id);
  }

  @Post('read-all')
  @HttpCode(200)
  @Auth()
  @ApiOperation({
    summary: 'Mark the caller’s notifications created before `before` (default: now) read',
    description: 'Notifications newer than `before` stay unread, so a client marks what it showed.',
  })
  @ApiEnvelope(ReadAllResultDto)
  @ApiErrors(400)
  @ResponseMessage('Notifications marked read')
  readAll(@CurrentUser() caller: AuthUser, @Body() body: ReadAllDto): Promise<ReadAllResultDto> {
    return this.notifications.markAllRead(caller.id, body.before);
  }

  @Get('preferences')
  @Auth()
  @ApiOperation({ summary: 'Which notification types reach the caller in-app and by e-mail' })
  @ApiEnvelope(PreferencesDto)
  @ResponseMessage('Notification preferences')
  preferences(@CurrentUser() caller: AuthUser): Promise<PreferencesDto> {
    return this.notifications.preferences(caller.id);
  }

  @Put('preferences')
  @Auth()
  @ApiOperation({
    summary: 'Change preferences (send back the document GET returns)',
    description:
      'Read-only fields are ignored; types left out keep their setting. Essential e-mails ' +
      '(payments, account security) cannot be switched off: 422 NOTIFICATION_PREFERENCE_LOCKED.',
  })
  @ApiEnvelope(PreferencesDto)
  @ApiErrors(400, {
    400: ['VALIDATION_FAILED', NotificationsErrorCode.UnknownNotificationType],
    422: [NotificationsErrorCode.PreferenceLocked],
  })
  @ResponseMessage('Notification preferences saved')
  setPreferences(
    @CurrentUser() caller: AuthUser,
    @Body() body: PreferencesDto,
  ): Promise<PreferencesDto> {
    return this.notifications.setPreferences(caller.id, body);
  }

  @Get('unsubscribe')
  @Public()
  @ApiOperation({
    summary: 'The unsubscribe link of an e-mail, opened in a browser (same as the POST)',
  })
  @ApiEnvelope(UnsubscribedDto)
  @ApiErrors(400, { 400: ['VALIDATION_FAILED', NotificationsErrorCode.UnsubscribeTokenInvalid] })
  @ResponseMessage('Unsubscribed')
  unsubscribeLink(@Query() query: UnsubscribeQueryDto): Promise<UnsubscribedDto> {
    return this.notifications.unsubscribe(query.token);
  }

  @Post('unsubscribe')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Switch off one type of e-mail with the link from such an e-mail (no sign-in)',
    description: 'Also the one-click List-Unsubscribe target (RFC 8058).',
  })
  @ApiEnvelope(UnsubscribedDto)
  @ApiErrors(400, { 400: ['VALIDATION_FAILED', NotificationsErrorCode.UnsubscribeTokenInvalid] })
  @ResponseMessage('Unsubscribed')
  unsubscribe(@Query() query: UnsubscribeQueryDto): Promise<UnsubscribedDto> {
    return this.notifications.unsubscribe(query.token);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Auth()
  @ApiOperation({ summary: 'Mark one of the caller’s notifications read (idempotent)' })
  @ApiEnvelope(NotificationDto)
  @ApiErrors(400, { 404: [NotificationsErrorCode.NotificationNotFound] })
  @ResponseMessage('Notification marked read')
  read(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<NotificationDto> {
    return this.notifications.markRead(caller.id, id);
  }
}
