import { HomeOutlined } from '@ant-design/icons';
import { lazy } from 'react';

import type { AppRoute } from '@/lib/routes';

const HomePage = lazy(() => import('./home-page'));

export const homeRoutes: AppRoute[] = [
  {
    path: '/',
    access: 'canViewWorkbench',
    element: <HomePage />,
    menu: { nameKey: 'menu.home', icon: <HomeOutlined /> },
  },
];
