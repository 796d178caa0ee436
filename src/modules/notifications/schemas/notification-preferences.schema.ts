import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/** A user's switched-off (type, channel) pairs; everything else is on. */
@Schema({ collection: 'notification_preferences', versionKey: false })
export class NotificationPreferences {
  /** The user id. */
  _id!: Types.ObjectId;

  /** `<type>:<channel>` entries that are off, e.g. `new_follower:in_app`. */
  @Prop({ type: [String], default: [] })
  off!: string[];
}

export const NotificationPreferencesSchema = SchemaFactory.createForClass(NotificationPreferences);
