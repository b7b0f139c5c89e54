import { AccountBookOutlined } from '@ant-design/icons';
import { lazy } from 'react';

import type { AppRoute } from '@/lib/routes';

const VersionsPage = lazy(() => import('./versions-page'));
const VersionPage = lazy(() => import('./version-page'));

/** 支付参数: pricing versions of the region (bureau roles). */
export const pricingRoutes: AppRoute[] = [
  {
    path: '/pricing',
    access: 'canListPricing',
    element: <VersionsPage />,
    menu: { nameKey: 'menu.pricing', icon: <AccountBookOutlined /> },
  },
  { path: '/pricing/:id', access: 'canListPricing', element: <VersionPage /> },
];
