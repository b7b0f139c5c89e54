import { ExperimentOutlined } from '@ant-design/icons';
import { lazy } from 'react';

import type { AppRoute } from '@/lib/routes';

const RegistryListPage = lazy(() => import('./registry-list-page'));
const RegistryItemPage = lazy(() => import('./registry-item-page'));

/** 新药耗备案: new drug, consumable and service-item filings (除外支付). */
export const registryRoutes: AppRoute[] = [
  {
    path: '/registry',
    access: 'canListRegistry',
    element: <RegistryListPage />,
    menu: { nameKey: 'menu.registry', icon: <ExperimentOutlined /> },
  },
  { path: '/registry/:id', access: 'canListRegistry', element: <RegistryItemPage /> },
];
