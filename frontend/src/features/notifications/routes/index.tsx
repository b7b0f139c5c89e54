import { lazy } from 'react';

import type { AppRoute } from '@/lib/routes';

const NotificationsPage = lazy(() => import('./notifications-page'));

/** 通知中心: every signed-in person's own notifications (reached from the header bell). */
export const notificationsRoutes: AppRoute[] = [
  { path: '/notifications', access: 'canListNotifications', element: <NotificationsPage /> },
];
