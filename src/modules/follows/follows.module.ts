import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DoctorsModule } from '../doctors/doctors.module';
import { FollowsController } from './follows.controller';
import { FollowsRepository } from './follows.repository';
import { FollowsService } from './follows.service';
import { FollowsPersonalDataSection } from './follows-personal-data.section';
import { FollowsUserEventsListener } from './follows-user-events.listener';
import { Follow, FollowSchema } from './schemas/follow.schema';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: Follow.name, schema: FollowSchema }]),
    DoctorsModule,
  ],
  controllers: [FollowsController],
  providers: [
    FollowsRepository,
    FollowsService,
    FollowsUserEventsListener,
    FollowsPersonalDataSection,
  ],
  exports: [FollowsService],
})
export class FollowsModule {}
