import { DashboardOutlined } from '@ant-design/icons';
import { lazy } from 'react';

import type { AppRoute } from '@/lib/routes';

const StatusPage = lazy(() => import('./status-page'));

export const systemRoutes: AppRoute[] = [
  {
    path: '/status',
    access: 'canViewSystemStatus',
    element: <StatusPage />,
    menu: { nameKey: 'menu.status', icon: <DashboardOutlined /> },
  },
];
