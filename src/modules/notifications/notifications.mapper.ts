import type { NotificationDto } from './dto/notification.dto';
import type { NotificationRecord } from './notifications.repository';

export function toNotificationDto(n: NotificationRecord): NotificationDto {
  return {
    id: n._id.toHexString(),
    type: n.type,
    title: n.title,
    body: n.body,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
  };
}
