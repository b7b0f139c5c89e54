import { homeRoutes } from '@/features/home/routes';
import { systemRoutes } from '@/features/system/routes';
import type { AppRoute } from '@/lib/routes';

/**
 * Every page of the console, in menu order. A feature adds its pages by
 * exporting an AppRoute list from features/<feature>/routes and adding it here.
 */
export const appRoutes: readonly AppRoute[] = [...homeRoutes, ...systemRoutes];
