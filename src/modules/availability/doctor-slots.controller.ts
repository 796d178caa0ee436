import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublicCache } from '../../common/http/cache-control';
import type { SerializedJson } from '../../common/http/serialized-json';
import { Public } from '../../common/decorators/public.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import { ApiEnvelope, ApiErrors } from '../../common/swagger/api-responses.decorator';
import { AvailabilityService } from './availability.service';
import { SlotsQueryDto } from './dto/date-range-query.dto';
import { CompactSlotsResponseDto, SlotsResponseDto } from './dto/slots-response.dto';
import { ApiTag } from '../../common/swagger/api-tags';

@ApiTags(ApiTag.Availability)
@Controller('doctors')
export class DoctorSlotsController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get(':id/slots')
  @Public()
  @ApiOperation({
    summary: "A doctor's slots for local dates from..to (at most 31 days)",
    description:
      'Dates are local to the doctor. Past slots, slots beyond the booking horizon and closed ' +
      'days are omitted (every date still appears); slots inside the minimum notice or already ' +
      'taken are listed with available=false. `tz` only changes localStart/localEnd.',
  })
  @ApiEnvelope(SlotsResponseDto)
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'INVALID_ID', 'INVALID_DATE_RANGE', 'DATE_RANGE_TOO_LONG'],
    404: ['DOCTOR_NOT_FOUND'],
  })
  @ResponseMessage('Slots')
  // Slots change when someone books; a few seconds of staleness only risks a 409 SLOT_TAKEN.
  @PublicCache(5)
  list(
    @Param('id', ParseObjectIdPipe) id: string,
    @Query() query: SlotsQueryDto,
  ): Promise<SerializedJson<SlotsResponseDto>> {
    return this.availability.slotsJson(id, query);
  }

  @Get(':id/slots/compact')
  @Public()
  @ApiOperation({
    summary: 'The same slots in a compact form (about a fifth of the bytes)',
    description:
      'Same query, rules and errors as GET /doctors/{id}/slots. Per date, `starts` holds each ' +
      'slot start in the display zone to the minute with its UTC offset ' +
      '(`2026-03-02T09:00+05:30`), `available` the matching flags; every slot lasts ' +
      '`slotMinutes`. On a DST change day the offsets inside one date differ.',
  })
  @ApiEnvelope(CompactSlotsResponseDto)
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'INVALID_ID', 'INVALID_DATE_RANGE', 'DATE_RANGE_TOO_LONG'],
    404: ['DOCTOR_NOT_FOUND'],
  })
  @ResponseMessage('Slots')
  @PublicCache(5)
  listCompact(
    @Param('id', ParseObjectIdPipe) id: string,
    @Query() query: SlotsQueryDto,
  ): Promise<SerializedJson<CompactSlotsResponseDto>> {
    return this.availability.compactSlotsJson(id, query);
  }
}
