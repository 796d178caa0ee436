import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Role } from '../../common/auth/role.enum';
import { AuthErrorCode } from '../auth/auth.errors';
import { Client, type ClientInfo } from '../../common/decorators/client-info.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { StrictThrottle } from '../../common/decorators/strict-throttle.decorator';
import {
  PrescriptoAppointmentIdDto,
  PrescriptoCredentialsDto,
  PrescriptoDoctorProfileDto,
} from './dto/prescripto-requests.dto';
import { PrescriptoAuth, PrescriptoController } from './prescripto-http';
import { PrescriptoMessages } from './prescripto-messages';
import { ApiPrescripto, LIST, OBJECT, TOKEN } from './prescripto-openapi';
import { PrescriptoService } from './prescripto.service';

/** The doctor side of Prescripto's admin panel (`admin/`), and the public doctor list. */
@PrescriptoController()
@Controller('api/doctor')
export class PrescriptoDoctorController {
  constructor(private readonly prescripto: PrescriptoService) {}

  @Get('list')
  @ApiPrescripto('Every listed doctor with slots_booked (public)', { doctors: LIST })
  async list() {
    return { success: true, doctors: await this.prescripto.doctorList() };
  }

  @Post('login')
  @HttpCode(200)
  @StrictThrottle()
  @PrescriptoMessages({
    'VALIDATION_FAILED:email': 'Invalid credentials',
    [AuthErrorCode.AccountSuspended]: 'This account is suspended',
  })
  @ApiPrescripto('Sign a doctor in', { token: TOKEN })
  async login(@Body() body: PrescriptoCredentialsDto, @Client() client: ClientInfo) {
    const token = await this.prescripto.login(body, client, Role.Doctor);
    return { success: true, message: 'Signed in', token };
  }

  @Get('appointments')
  @PrescriptoAuth(Role.Doctor)
  @ApiPrescripto('The doctor’s latest appointments, oldest first', { appointments: LIST })
  async appointments(@CurrentUser() user: AuthUser) {
    return { success: true, appointments: await this.prescripto.appointmentsOf(user) };
  }

  @Get('profile')
  @PrescriptoAuth(Role.Doctor)
  @ApiPrescripto('The doctor’s profile', { profileData: OBJECT })
  async profile(@CurrentUser() user: AuthUser) {
    return { success: true, profileData: await this.prescripto.doctorProfile(user) };
  }

  @Post('update-profile')
  @HttpCode(200)
  @PrescriptoAuth(Role.Doctor)
  @ApiPrescripto('Edit fees (major units), address, about and availability')
  async updateProfile(@CurrentUser() user: AuthUser, @Body() body: PrescriptoDoctorProfileDto) {
    await this.prescripto.updateDoctorProfile(user, body);
    return { success: true, message: 'Profile Updated' };
  }

  @Post('cancel-appointment')
  @HttpCode(200)
  @PrescriptoAuth(Role.Doctor)
  @ApiPrescripto('Cancel one of the doctor’s appointments (full refund)')
  async cancel(@CurrentUser() user: AuthUser, @Body() body: PrescriptoAppointmentIdDto) {
    await this.prescripto.cancel(user, body.appointmentId);
    return { success: true, message: 'Appointment Cancelled' };
  }

  @Post('complete-appointment')
  @HttpCode(200)
  @PrescriptoAuth(Role.Doctor)
  @ApiPrescripto('Mark a started, confirmed appointment completed')
  async complete(@CurrentUser() user: AuthUser, @Body() body: PrescriptoAppointmentIdDto) {
    await this.prescripto.complete(user, body.appointmentId);
    return { success: true, message: 'Appointment Completed' };
  }

  @Get('dashboard')
  @PrescriptoAuth(Role.Doctor)
  @ApiPrescripto('The doctor’s dashboard (earnings in major units)', { dashData: OBJECT })
  async dashboard(@CurrentUser() user: AuthUser) {
    return { success: true, dashData: await this.prescripto.doctorDashboard(user) };
  }
}
