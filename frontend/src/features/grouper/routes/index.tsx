import { ApartmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';

import type { AppRoute } from '@/lib/routes';

const WorkbenchPage = lazy(() => import('./workbench-page'));

export const grouperRoutes: AppRoute[] = [
  {
    path: '/grouper',
    access: 'canUseGrouper',
    element: <WorkbenchPage />,
    menu: { nameKey: 'menu.grouper', icon: <ApartmentOutlined /> },
  },
];
