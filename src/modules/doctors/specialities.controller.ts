import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';
import { PublicCache } from '../../common/http/cache-control';
import { Public } from '../../common/decorators/public.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import { ApiEnvelope, ApiErrors } from '../../common/swagger/api-responses.decorator';
import { CreateSpecialityDto, SpecialityDto } from './dto/speciality.dto';
import { SpecialitiesService } from './specialities.service';
import { ApiTag } from '../../common/swagger/api-tags';

@ApiTags(ApiTag.Specialities)
@Controller('specialities')
export class SpecialitiesController {
  constructor(private readonly specialities: SpecialitiesService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Specialities with their number of publicly listed doctors' })
  @ApiEnvelope(SpecialityDto, { isArray: true })
  @ResponseMessage('Specialities')
  @PublicCache(30)
  list(): Promise<SpecialityDto[]> {
    return this.specialities.listWithCounts();
  }
}

@ApiTags(ApiTag.AdminSpecialities)
@Auth(Role.Admin)
@Controller('admin/specialities')
export class AdminSpecialitiesController {
  constructor(private readonly specialities: SpecialitiesService) {}

  @Post()
  @ApiOperation({
    summary: 'Add a speciality',
    description: 'The slug is derived from the name when omitted. 409 SPECIALITY_EXISTS.',
  })
  @ApiEnvelope(SpecialityDto, { status: 201 })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_SPECIALITY_SLUG'], 409: ['SPECIALITY_EXISTS'] })
  @ResponseMessage('Speciality created')
  create(@Body() body: CreateSpecialityDto): Promise<SpecialityDto> {
    return this.specialities.create(body.name, body.slug);
  }
}
