import { DashboardOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { lazy } from 'react';

import type { AppRoute } from '@/lib/routes';

const ListPage = lazy(() => import('./list-page'));
const NewPage = lazy(() => import('./new-page'));
const DetailPage = lazy(() => import('./detail-page'));
const QuotaPage = lazy(() => import('./quota-page'));

/** 特例单议: the application lists (mine, office review, intake), the wizard, the detail and the quota. */
export const applicationsRoutes: AppRoute[] = [
  {
    path: '/applications',
    access: 'canListApplications',
    element: <ListPage />,
    menu: { nameKey: 'menu.applicationList', icon: <UnorderedListOutlined />, group: 'specialcase' },
  },
  {
    path: '/applications/quota',
    access: 'canViewApplicationQuota',
    element: <QuotaPage />,
    menu: { nameKey: 'menu.applicationQuota', icon: <DashboardOutlined />, group: 'specialcase' },
  },
  { path: '/applications/new', access: 'canCreateApplication', element: <NewPage /> },
  { path: '/applications/:id', access: 'canGetApplication', element: <DetailPage /> },
];
