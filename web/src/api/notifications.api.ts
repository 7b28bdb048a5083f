import { api } from './client.ts';

// Shapes of the notification and 催报 answers (see the server's OpenAPI description).
export type NotificationKind = 'reminder' | 'escalation' | 'manual' | 'returned' | 'accepted' | 'unlock' | 'system';

export interface NotificationItem {
  id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  unitId: number;
  unitName: string;
  noticeId: number | null;
  subjectUnitId: number | null;
  subjectUnitName: string | null;
  createdAt: string;
  readAt: string | null;
  link: string | null;
}
export interface NotificationList {
  items: NotificationItem[];
  total: number;
  unread: number;
}
export interface NotificationCounts {
  total: number;
  unread: number;
}
export interface RemindResult {
  units: number;
  emails: number;
  unitsWithoutEmail: number;
}

export const notificationKeys = {
  all: ['notifications'] as const,
  count: ['notifications', 'count'] as const,
  list: (unreadOnly: boolean, page: number) => ['notifications', 'list', unreadOnly, page] as const,
};

export const listNotifications = (unreadOnly: boolean, page: number, pageSize = 20): Promise<NotificationList> =>
  api<NotificationList>('/api/notifications', { query: { unread: unreadOnly ? '1' : undefined, page, pageSize } });
export const notificationCounts = (): Promise<NotificationCounts> =>
  api<NotificationCounts>('/api/notifications/count');
export const markNotificationRead = (id: number): Promise<{ unread: number }> =>
  api<{ unread: number }>(`/api/notifications/${id}/read`, { method: 'POST' });
export const markAllNotificationsRead = (): Promise<{ marked: number; unread: number }> =>
  api<{ marked: number; unread: number }>('/api/notifications/read-all', { method: 'POST' });

/** 催报: without unitIds, every recipient that has not reported. */
export const remindUnits = (noticeId: number, message: string, unitIds?: number[]): Promise<RemindResult> =>
  api<RemindResult>(`/api/notices/${noticeId}/remind`, {
    method: 'POST',
    body: unitIds ? { unitIds, message } : { message },
  });
