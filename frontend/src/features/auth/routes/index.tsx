import { lazy } from 'react';

import type { AppRoute, PublicRoute } from '@/lib/routes';

const LoginPage = lazy(() => import('./login-page'));
const ProfilePage = lazy(() => import('./profile-page'));

/** Pages shown to people who are not signed in (outside the console frame). */
export const authPublicRoutes: PublicRoute[] = [{ path: '/login', element: <LoginPage /> }];

export const authRoutes: AppRoute[] = [
  {
    path: '/profile',
    access: 'canViewProfile',
    element: <ProfilePage />,
  },
];
