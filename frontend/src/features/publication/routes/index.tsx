import { NotificationOutlined } from '@ant-design/icons';
import { lazy } from 'react';

import type { AppRoute } from '@/lib/routes';

const PublicationListPage = lazy(() => import('./publication-list-page'));
const PublicationReportPage = lazy(() => import('./publication-report-page'));

/** 特例单议 › 情况公示: the semi-annual publication per hospital (drafted and published by the bureau). */
export const publicationRoutes: AppRoute[] = [
  {
    path: '/publication',
    access: 'canListPublications',
    element: <PublicationListPage />,
    menu: { nameKey: 'menu.publication', icon: <NotificationOutlined />, group: 'specialcase' },
  },
  { path: '/publication/:id', access: 'canListPublications', element: <PublicationReportPage /> },
];
