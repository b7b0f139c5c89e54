import { adminRoutes } from '@/features/admin/routes';
import { applicationsRoutes } from '@/features/applications/routes';
import { authPublicRoutes, authRoutes } from '@/features/auth/routes';
import { casesRoutes } from '@/features/cases/routes';
import { grouperRoutes } from '@/features/grouper/routes';
import { homeRoutes } from '@/features/home/routes';
import { notificationsRoutes } from '@/features/notifications/routes';
import { pricingRoutes } from '@/features/pricing/routes';
import { publicationRoutes } from '@/features/publication/routes';
import { scsettingsRoutes } from '@/features/scsettings/routes';
import { registryRoutes } from '@/features/registry/routes';
import { reviewPublicRoutes, reviewRoutes } from '@/features/review/routes';
import { systemRoutes } from '@/features/system/routes';
import type { AppRoute, PublicRoute } from '@/lib/routes';

/**
 * Every page of the console, in menu order. A feature adds its pages by
 * exporting an AppRoute list from features/<feature>/routes and adding it here.
 */
export const appRoutes: readonly AppRoute[] = [
  ...homeRoutes,
  ...casesRoutes,
  ...applicationsRoutes,
  ...publicationRoutes,
  ...reviewRoutes,
  ...registryRoutes,
  ...grouperRoutes,
  ...pricingRoutes,
  ...scsettingsRoutes,
  ...systemRoutes,
  ...authRoutes,
  ...notificationsRoutes,
  ...adminRoutes,
];

/** Pages for people who are not signed in. */
export const publicRoutes: readonly PublicRoute[] = [...authPublicRoutes, ...reviewPublicRoutes];
