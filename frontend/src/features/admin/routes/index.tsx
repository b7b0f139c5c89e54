import { ApiOutlined, AuditOutlined, BankOutlined, SafetyOutlined, TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';

import type { AppRoute } from '@/lib/routes';

const UsersPage = lazy(() => import('./users-page'));
const HospitalsPage = lazy(() => import('./hospitals-page'));
const RolesPage = lazy(() => import('./roles-page'));
const ApiTokensPage = lazy(() => import('./api-tokens-page'));
const AuditPage = lazy(() => import('./audit-page'));

/** 系统管理: people, hospitals, roles, API tokens and the audit log. */
export const adminRoutes: AppRoute[] = [
  {
    path: '/admin/users',
    access: 'canListUsers',
    element: <UsersPage />,
    menu: { nameKey: 'menu.users', icon: <TeamOutlined />, group: 'admin' },
  },
  {
    path: '/admin/hospitals',
    access: 'canListHospitals',
    element: <HospitalsPage />,
    menu: { nameKey: 'menu.hospitals', icon: <BankOutlined />, group: 'admin' },
  },
  {
    path: '/admin/roles',
    access: 'canListRoles',
    element: <RolesPage />,
    menu: { nameKey: 'menu.roles', icon: <SafetyOutlined />, group: 'admin' },
  },
  {
    path: '/admin/api-tokens',
    access: 'canListApiTokens',
    element: <ApiTokensPage />,
    menu: { nameKey: 'menu.apiTokens', icon: <ApiOutlined />, group: 'admin' },
  },
  {
    path: '/admin/audit',
    access: 'canSearchAudit',
    element: <AuditPage />,
    menu: { nameKey: 'menu.audit', icon: <AuditOutlined />, group: 'admin' },
  },
];
