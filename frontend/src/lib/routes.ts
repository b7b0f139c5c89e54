import type { ReactNode } from 'react';

import type { AccessFlag } from './access';
import type { Messages } from './i18n/zh-CN';

export type MenuKey = `menu.${keyof Messages['menu'] & string}`;

/** Side-menu sections that group pages (系统管理); the shell gives each its name and icon. */
export type MenuGroup = 'admin' | 'cases' | 'specialcase' | 'review';

/**
 * One page of the console. Each feature exports its pages as a list of these
 * (features/<feature>/routes/index.ts); src/app/routes.tsx puts the lists
 * together into the route table and the side menu.
 */
export interface AppRoute {
  /** Absolute path, as react-router matches it (`/status`, `/cases/:id`). */
  path: string;
  /** The flag the user needs; without it the page is "not found", as in the API. */
  access: AccessFlag;
  /** The page element (a lazy component keeps the first load small). */
  element: ReactNode;
  /** Set for pages that appear in the side menu; `group` puts it in a section. */
  menu?: { nameKey: MenuKey; icon: ReactNode; group?: MenuGroup };
}

/** A page for people who are not signed in (the login page), outside the console frame. */
export interface PublicRoute {
  path: string;
  element: ReactNode;
}
