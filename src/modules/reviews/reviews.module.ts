import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppointmentsModule } from '../appointments/appointments.module';
import { DoctorsModule } from '../doctors/doctors.module';
import { UsersModule } from '../users/users.module';
import { AdminReviewsController } from './admin-reviews.controller';
import { DoctorSatisfactionController } from './doctor-satisfaction.controller';
import { RatingRepairService } from './rating-repair.service';
import { DoctorReviewsController, ReviewsController } from './reviews.controller';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsPersonalDataSection } from './reviews-personal-data.section';
import { ReviewsService } from './reviews.service';
import { ReviewsUserEventsListener } from './reviews-user-events.listener';
import { SatisfactionService } from './satisfaction.service';
import { ReviewReport, ReviewReportSchema } from './schemas/review-report.schema';
import { Review, ReviewSchema } from './schemas/review.schema';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Review.name, schema: ReviewSchema },
      { name: ReviewReport.name, schema: ReviewReportSchema },
    ]),
    UsersModule,
    DoctorsModule,
    AppointmentsModule,
  ],
  controllers: [
    ReviewsController,
    DoctorReviewsController,
    AdminReviewsController,
    DoctorSatisfactionController,
  ],
  providers: [
    ReviewsRepository,
    ReviewsService,
    RatingRepairService,
    SatisfactionService,
    ReviewsUserEventsListener,
    ReviewsPersonalDataSection,
  ],
  exports: [ReviewsService, RatingRepairService, SatisfactionService],
})
export class ReviewsModule {}
