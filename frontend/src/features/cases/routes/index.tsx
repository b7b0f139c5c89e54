import { BarChartOutlined, CloudUploadOutlined, ControlOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { lazy } from 'react';

import type { AppRoute } from '@/lib/routes';

const CaseListPage = lazy(() => import('./case-list-page'));
const CaseDetailPage = lazy(() => import('./case-detail-page'));
const ImportPage = lazy(() => import('./import-page'));
const DashboardPage = lazy(() => import('./dashboard-page'));
const ScreeningPage = lazy(() => import('./screening-page'));

/** 病例: the case list and detail, imports of settlement lists, the monthly dashboard. */
export const casesRoutes: AppRoute[] = [
  {
    path: '/cases',
    access: 'canListCases',
    element: <CaseListPage />,
    menu: { nameKey: 'menu.caseList', icon: <UnorderedListOutlined />, group: 'cases' },
  },
  {
    path: '/cases/import',
    access: 'canUploadCaseImport',
    element: <ImportPage />,
    menu: { nameKey: 'menu.caseImport', icon: <CloudUploadOutlined />, group: 'cases' },
  },
  {
    path: '/cases/dashboard',
    access: 'canViewCaseDashboard',
    element: <DashboardPage />,
    menu: { nameKey: 'menu.caseDashboard', icon: <BarChartOutlined />, group: 'cases' },
  },
  {
    path: '/cases/screening',
    access: 'canViewScreeningRules',
    element: <ScreeningPage />,
    menu: { nameKey: 'menu.caseScreening', icon: <ControlOutlined />, group: 'cases' },
  },
  { path: '/cases/:id', access: 'canGetCase', element: <CaseDetailPage /> },
];
