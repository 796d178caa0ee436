import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module';
import { AuthModule } from '../auth/auth.module';
import { AvailabilityModule } from '../availability/availability.module';
import { DoctorsModule } from '../doctors/doctors.module';
import { PaymentsModule } from '../payments/payments.module';
import { UsersModule } from '../users/users.module';
import { PrescriptoAdminController } from './prescripto-admin.controller';
import { PrescriptoDoctorController } from './prescripto-doctor.controller';
import { PrescriptoUserController } from './prescripto-user.controller';
import { PrescriptoService } from './prescripto.service';

/**
 * The routes of the Prescripto frontends (`/api/user`, `/api/doctor`, `/api/admin`) over the
 * other modules' services. Loaded only when PRESCRIPTO_COMPAT is true. See docs/PRESCRIPTO.md.
 */
@Module({
  imports: [
    AuthModule,
    UsersModule,
    DoctorsModule,
    AvailabilityModule,
    AppointmentsModule,
    PaymentsModule,
  ],
  controllers: [PrescriptoUserController, PrescriptoDoctorController, PrescriptoAdminController],
  providers: [PrescriptoService],
})
export class PrescriptoModule {}
