import { PickType } from '@nestjs/swagger';
import { BookAppointmentDto } from './book-appointment.dto';

export class RescheduleAppointmentDto extends PickType(BookAppointmentDto, ['startsAt'] as const) {}
