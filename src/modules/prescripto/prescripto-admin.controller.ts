import { Body, Controller, Get, HttpCode, Post, UploadedFile } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { Role } from '../../common/auth/role.enum';
import { AuthErrorCode } from '../auth/auth.errors';
import { Client, type ClientInfo } from '../../common/decorators/client-info.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { StrictThrottle } from '../../common/decorators/strict-throttle.decorator';
import { ImageUpload } from '../media/image-upload.decorator';
import type { UploadedImage } from '../media/media.service';
import {
  PrescriptoAddDoctorDto,
  PrescriptoAppointmentIdDto,
  PrescriptoCredentialsDto,
  PrescriptoDocIdDto,
} from './dto/prescripto-requests.dto';
import { PrescriptoAuth, PrescriptoController } from './prescripto-http';
import { PrescriptoMessages } from './prescripto-messages';
import { ApiPrescripto, LIST, OBJECT, TOKEN } from './prescripto-openapi';
import { PrescriptoService } from './prescripto.service';

/** The admin side of Prescripto's admin panel (`admin/`): header `atoken`. */
@PrescriptoController()
@Controller('api/admin')
export class PrescriptoAdminController {
  constructor(private readonly prescripto: PrescriptoService) {}

  @Post('login')
  @HttpCode(200)
  @StrictThrottle()
  @PrescriptoMessages({
    'VALIDATION_FAILED:email': 'Invalid credentials',
    [AuthErrorCode.AccountSuspended]: 'This account is suspended',
  })
  @ApiPrescripto('Sign an admin in (an admin account, e.g. ADMIN_EMAIL)', { token: TOKEN })
  async login(@Body() body: PrescriptoCredentialsDto, @Client() client: ClientInfo) {
    const token = await this.prescripto.login(body, client, Role.Admin);
    return { success: true, message: 'Signed in', token };
  }

  @Post('add-doctor')
  @HttpCode(200)
  @PrescriptoAuth(Role.Admin)
  @ImageUpload('image')
  @ApiBody({ type: PrescriptoAddDoctorDto })
  @PrescriptoMessages({
    'VALIDATION_FAILED:email': 'Please enter a valid email',
    'VALIDATION_FAILED:password': 'Please enter a strong password',
  })
  @ApiPrescripto('Add a doctor (multipart with image; fees in major units, experience "N Year")')
  async addDoctor(
    @CurrentUser() admin: AuthUser,
    @Body() body: PrescriptoAddDoctorDto,
    @UploadedFile() file: UploadedImage | undefined,
  ) {
    await this.prescripto.addDoctor(admin, body, file);
    return { success: true, message: 'Doctor Added' };
  }

  @Get('all-doctors')
  @PrescriptoAuth(Role.Admin)
  @ApiPrescripto('Every doctor, listed or not', { doctors: LIST })
  async allDoctors() {
    return { success: true, doctors: await this.prescripto.allDoctors() };
  }

  @Post('change-availability')
  @HttpCode(200)
  @PrescriptoAuth(Role.Admin)
  @ApiPrescripto('Toggle whether a doctor accepts appointments')
  async changeAvailability(@Body() body: PrescriptoDocIdDto) {
    await this.prescripto.changeAvailability(body.docId);
    return { success: true, message: 'Availablity Changed' };
  }

  @Get('appointments')
  @PrescriptoAuth(Role.Admin)
  @ApiPrescripto('The latest appointments of the platform, oldest first', { appointments: LIST })
  async appointments(@CurrentUser() admin: AuthUser) {
    return { success: true, appointments: await this.prescripto.appointmentsOf(admin) };
  }

  @Post('cancel-appointment')
  @HttpCode(200)
  @PrescriptoAuth(Role.Admin)
  @ApiPrescripto('Cancel any appointment (full refund)')
  async cancel(@CurrentUser() admin: AuthUser, @Body() body: PrescriptoAppointmentIdDto) {
    await this.prescripto.cancel(admin, body.appointmentId);
    return { success: true, message: 'Appointment Cancelled' };
  }

  @Get('dashboard')
  @PrescriptoAuth(Role.Admin)
  @ApiPrescripto('Platform counts and the latest appointments', { dashData: OBJECT })
  async dashboard() {
    return { success: true, dashData: await this.prescripto.adminDashboard() };
  }
}
