import { Controller, Delete, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Role } from '../../common/auth/role.enum';
import { type AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { ApiEnvelope, ApiErrors } from '../../common/swagger/api-responses.decorator';
import { ApiTag } from '../../common/swagger/api-tags';
import { CalendarErrorCode } from './calendar.errors';
import { CalendarService } from './calendar.service';
import { CalendarFeedResponseDto, CalendarFeedRevokedDto } from './dto/calendar-feed.dto';

/** Calendar apps poll a feed every few minutes to hours; five minutes of private caching is plenty. */
const FEED_MAX_AGE_SECONDS = 300;
/** Per client address: generous for calendar apps, tight for someone guessing tokens. */
const FEED_RATE = { limit: 30, ttl: 60_000 };

@ApiTags(ApiTag.Calendar)
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Post('feed')
  @HttpCode(200)
  @Auth(Role.Patient, Role.Doctor)
  @ApiOperation({
    summary: 'Create the caller’s private calendar feed, or regenerate its token',
    description:
      'A patient’s feed lists their appointments, a doctor’s their schedule. Regenerating ' +
      'invalidates the previous URL at once. The token is shown only in this answer (it is ' +
      'stored hashed). Admins have no appointments of their own: 403.',
  })
  @ApiEnvelope(CalendarFeedResponseDto)
  @ResponseMessage('Calendar feed')
  // No request body: there is nothing to choose, a feed shows what its owner's role sees.
  create(@CurrentUser() caller: AuthUser): Promise<CalendarFeedResponseDto> {
    return this.calendar.createOrRegenerate(caller);
  }

  @Delete('feed')
  @Auth(Role.Patient, Role.Doctor)
  @ApiOperation({
    summary: 'Revoke the caller’s calendar feed (idempotent)',
    description: 'The URL answers 404 from now on.',
  })
  @ApiEnvelope(CalendarFeedRevokedDto)
  @ResponseMessage('Calendar feed revoked')
  async revoke(@CurrentUser() caller: AuthUser): Promise<CalendarFeedRevokedDto> {
    return { revoked: await this.calendar.revoke(caller) };
  }

  @Get(':token.ics')
  @Public()
  @Throttle({ default: FEED_RATE })
  @ApiOperation({
    summary: 'The iCalendar feed (no sign-in: the token in the URL is the credential)',
    description:
      'RFC 5545, times in UTC. Appointments from 90 days ago onward, newest first, at most ' +
      '500. One event per appointment with the same UID as the e-mailed invites; SEQUENCE ' +
      'grows with each reschedule and the cancellation; cancelled appointments stay as ' +
      'STATUS:CANCELLED. No medical details: "Appointment with <doctor>" (patients) or ' +
      '"Patient appointment" (doctors). `ETag` + `If-None-Match` answer 304; ' +
      `\`Cache-Control: private, max-age=${FEED_MAX_AGE_SECONDS}\`. Rate limited per client ` +
      `(${FEED_RATE.limit} per minute).`,
  })
  @ApiParam({ name: 'token', description: 'The feed token from POST /calendar/feed' })
  // The 200 alone is text/calendar (content below); an operation-wide @ApiProduces would also
  // label the JSON error envelopes as text/calendar.
  @ApiOkResponse({
    description: 'The calendar (`text/calendar; charset=utf-8`)',
    content: { 'text/calendar': { schema: { type: 'string' } } },
    headers: {
      ETag: { description: 'Strong validator: SHA-256 of the body', schema: { type: 'string' } },
      'Cache-Control': { schema: { type: 'string', example: 'private, max-age=300' } },
    },
  })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag)' })
  @ApiErrors({ 404: [CalendarErrorCode.FeedNotFound] })
  async feed(
    @Param('token') token: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const { body, etag } = await this.calendar.render(token);
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', `private, max-age=${FEED_MAX_AGE_SECONDS}`);
    if (matches(ifNoneMatch, etag)) {
      res.status(304).end();
      return;
    }
    res.status(200).type('text/calendar; charset=utf-8').send(body);
  }
}

/** If-None-Match holds one or more entity tags (or `*`); weak ones compare equal too (RFC 9110). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) {
    return false;
  }
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}
