import { CalendarOutlined, SlidersOutlined } from '@ant-design/icons';
import { lazy } from 'react';

import type { AppRoute } from '@/lib/routes';

const SettingsPage = lazy(() => import('./settings-page'));
const CalendarPage = lazy(() => import('./calendar-page'));

/** 特例单议 › 规则设置 (quota, window, deadlines) and 工作日历. */
export const scsettingsRoutes: AppRoute[] = [
  {
    path: '/specialcase/settings',
    access: 'canViewSpecialCaseSettings',
    element: <SettingsPage />,
    menu: { nameKey: 'menu.scSettings', icon: <SlidersOutlined />, group: 'specialcase' },
  },
  {
    path: '/calendar',
    access: 'canViewCalendar',
    element: <CalendarPage />,
    menu: { nameKey: 'menu.calendar', icon: <CalendarOutlined />, group: 'specialcase' },
  },
];
