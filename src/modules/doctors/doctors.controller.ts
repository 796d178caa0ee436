import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UploadedFile,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowPasswordChangePending } from '../../common/decorators/allow-password-change-pending.decorator';
import { Role } from '../../common/auth/role.enum';
import { type AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { PublicCache } from '../../common/http/cache-control';
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
import { ImageUpload } from '../media/image-upload.decorator';
import type { UploadedImage } from '../media/media.service';
import { IMAGE_MULTIPART_SCHEMA } from './dto/create-doctor.dto';
import { DoctorProfileDto, PublicDoctorDto } from './dto/doctor-response.dto';
import { ListDoctorsQueryDto } from './dto/list-doctors-query.dto';
import { UpdateMyDoctorProfileDto } from './dto/update-doctor.dto';
import { ApiTag } from '../../common/swagger/api-tags';
import { DoctorDirectoryService } from './doctor-directory.service';
import { DoctorProfileService } from './doctor-profile.service';

/** Public listings may lag an edit by this much in shared caches. */
const DOCTOR_CACHE_SECONDS = 30;

@ApiTags(ApiTag.Doctors)
@Controller('doctors')
export class DoctorsController {
  constructor(
    private readonly doctorDirectory: DoctorDirectoryService,
    private readonly doctorProfiles: DoctorProfileService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Find doctors',
    description:
      'Approved, visible doctors with an active account. `search` matches doctors having a ' +
      'name word that starts with each word searched (case and accents ignored). Every sort ' +
      'ends on the id, so pages are stable.',
  })
  @ApiPageEnvelope(PublicDoctorDto)
  @ApiErrors(400)
  @ResponseMessage('Doctors')
  @PublicCache(DOCTOR_CACHE_SECONDS)
  list(@Query() query: ListDoctorsQueryDto): Promise<Page<PublicDoctorDto>> {
    return this.doctorDirectory.listPublic(query);
  }

  @Get('me')
  @Auth(Role.Doctor)
  @AllowPasswordChangePending()
  @ApiOperation({ summary: 'The calling doctor’s own profile, with listing state' })
  @ApiEnvelope(DoctorProfileDto)
  @ApiErrors({ 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Doctor profile')
  me(@CurrentUser() caller: AuthUser): Promise<DoctorProfileDto> {
    return this.doctorProfiles.getOwnProfile(caller.id);
  }

  @Patch('me')
  @Auth(Role.Doctor)
  @ApiOperation({
    summary: 'Update the calling doctor’s profile',
    description:
      'Experience, about, fee, currency, address, time zone and whether appointments are ' +
      'accepted. Speciality, degree, approval, visibility, counters and e-mail are not editable ' +
      'here (400 unknown field).',
  })
  @ApiEnvelope(DoctorProfileDto)
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'UNKNOWN_SPECIALITY'], 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Doctor profile updated')
  update(
    @CurrentUser() caller: AuthUser,
    @Body() body: UpdateMyDoctorProfileDto,
  ): Promise<DoctorProfileDto> {
    return this.doctorProfiles.updateOwnProfile(caller.id, body);
  }

  @Post('me/image')
  @HttpCode(200)
  @Auth(Role.Doctor)
  @ImageUpload('image')
  @ApiOperation({
    summary: 'Replace the profile image (JPEG, PNG or WebP); the old one is deleted',
  })
  @ApiBody({ schema: IMAGE_MULTIPART_SCHEMA })
  @ApiEnvelope(DoctorProfileDto)
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'IMAGE_REQUIRED', 'UNSUPPORTED_IMAGE_TYPE'],
    404: ['DOCTOR_NOT_FOUND'],
    413: ['IMAGE_TOO_LARGE', 'PAYLOAD_TOO_LARGE'],
  })
  @ResponseMessage('Doctor image updated')
  uploadImage(
    @CurrentUser() caller: AuthUser,
    @UploadedFile() file: UploadedImage | undefined,
  ): Promise<DoctorProfileDto> {
    return this.doctorProfiles.replaceOwnImage(caller.id, file);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A doctor’s public profile (404 unless publicly listed)' })
  @ApiEnvelope(PublicDoctorDto)
  @ApiErrors(400, { 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Doctor')
  @PublicCache(DOCTOR_CACHE_SECONDS)
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<PublicDoctorDto> {
    return this.doctorDirectory.getPublic(id);
  }
}
