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
import { ImageUpload } from '../media/image-upload.decorator';
import type { UploadedImage } from '../media/media.service';
import {
  CREATE_DOCTOR_MULTIPART_SCHEMA,
  CreateDoctorDto,
  IMAGE_MULTIPART_SCHEMA,
} from './dto/create-doctor.dto';
import { AdminDoctorDto } from './dto/doctor-response.dto';
import { AdminListDoctorsQueryDto } from './dto/list-doctors-query.dto';
import { AdminUpdateDoctorDto } from './dto/update-doctor.dto';
import { ApiTag } from '../../common/swagger/api-tags';
import { DoctorAdministrationService } from './doctor-administration.service';

@ApiTags(ApiTag.AdminDoctors)
@Auth(Role.Admin)
@Controller('admin/doctors')
export class AdminDoctorsController {
  constructor(private readonly doctorAdmin: DoctorAdministrationService) {}

  @Post()
  @ImageUpload('image')
  @ApiOperation({
    summary: 'Create a doctor (account + approved, visible profile)',
    description:
      'Multipart form; `image` is optional. The doctor logs in with this e-mail and password ' +
      'and must change the password first. 409 EMAIL_TAKEN if the e-mail has an account.',
  })
  @ApiBody({ schema: CREATE_DOCTOR_MULTIPART_SCHEMA })
  @ApiEnvelope(AdminDoctorDto, { status: 201 })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'UNKNOWN_SPECIALITY', 'UNSUPPORTED_IMAGE_TYPE'],
    409: ['EMAIL_TAKEN'],
    413: ['IMAGE_TOO_LARGE', 'PAYLOAD_TOO_LARGE'],
  })
  @ResponseMessage('Doctor created')
  create(
    @CurrentUser() caller: AuthUser,
    @Body() body: CreateDoctorDto,
    @UploadedFile() file: UploadedImage | undefined,
  ): Promise<AdminDoctorDto> {
    return this.doctorAdmin.createByAdmin(caller.id, body, file);
  }

  @Get()
  @ApiOperation({
    summary: 'All doctors, including hidden, revoked and suspended ones',
    description: 'The public filters plus visible, accountStatus and approvalStatus.',
  })
  @ApiPageEnvelope(AdminDoctorDto)
  @ApiErrors(400)
  @ResponseMessage('Doctors')
  list(@Query() query: AdminListDoctorsQueryDto): Promise<Page<AdminDoctorDto>> {
    return this.doctorAdmin.adminList(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Any doctor profile' })
  @ApiEnvelope(AdminDoctorDto)
  @ApiErrors(400, { 404: ['DOCTOR_NOT_FOUND'] })
  @ResponseMessage('Doctor')
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<AdminDoctorDto> {
    return this.doctorAdmin.adminGet(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Edit any doctor profile',
    description:
      'Includes speciality, degree, visibility and approval. Name and e-mail belong to the account.',
  })
  @ApiEnvelope(AdminDoctorDto)
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'INVALID_ID', 'UNKNOWN_SPECIALITY'],
    404: ['DOCTOR_NOT_FOUND'],
  })
  @ResponseMessage('Doctor updated')
  update(
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: AdminUpdateDoctorDto,
  ): Promise<AdminDoctorDto> {
    return this.doctorAdmin.adminUpdate(id, body);
  }

  @Post(':id/image')
  @HttpCode(200)
  @ImageUpload('image')
  @ApiOperation({ summary: 'Replace a doctor’s image; the old one is deleted' })
  @ApiBody({ schema: IMAGE_MULTIPART_SCHEMA })
  @ApiEnvelope(AdminDoctorDto)
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'INVALID_ID', 'IMAGE_REQUIRED', 'UNSUPPORTED_IMAGE_TYPE'],
    404: ['DOCTOR_NOT_FOUND'],
    413: ['IMAGE_TOO_LARGE', 'PAYLOAD_TOO_LARGE'],
  })
  @ResponseMessage('Doctor image updated')
  uploadImage(
    @Param('id', ParseObjectIdPipe) id: string,
    @UploadedFile() file: UploadedImage | undefined,
  ): Promise<AdminDoctorDto> {
    return this.doctorAdmin.adminReplaceImage(id, file);
  }
}
