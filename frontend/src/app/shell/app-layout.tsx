import { AuditOutlined, FileSearchOutlined, SettingOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { PageContainer, ProLayout, type MenuDataItem } from '@ant-design/pro-components';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';

import { useAccess } from '@/lib/access';
import type { MenuGroup, MenuKey } from '@/lib/routes';
import { useMe } from '@/lib/session';

import { appRoutes } from '../routes';
import { LanguageSwitch } from './language-switch';
import { NotificationBell } from './notification-bell';
import { UserMenu, UserScope } from './user-menu';

/** The sections of the side menu that hold several pages. */
const MENU_GROUPS: Record<MenuGroup, { path: string; nameKey: MenuKey; icon: ReactNode }> = {
  admin: { path: '/admin', nameKey: 'menu.admin', icon: <SettingOutlined /> },
  // Its pages live at /cases and below; the section's own key must differ from the list's.
  cases: { path: '/cases-menu', nameKey: 'menu.cases', icon: <FileSearchOutlined /> },
  specialcase: { path: '/specialcase-menu', nameKey: 'menu.specialcase', icon: <AuditOutlined /> },
  review: { path: '/review-menu', nameKey: 'menu.review', icon: <TeamOutlined /> },
};

/** The frame around every page: side menu, header with product, scope, language, bell and user. */
export function AppLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const access = useAccess();
  const me = useMe().data ?? null;

  // Pages in route order; a group appears where its first visible page is.
  const menu: MenuDataItem[] = [];
  const groups = new Map<MenuGroup, MenuDataItem>();
  for (const r of appRoutes) {
    if (r.menu === undefined || !access[r.access]) continue;
    const item: MenuDataItem = { path: r.path, name: t(r.menu.nameKey), icon: r.menu.icon };
    const group = r.menu.group;
    if (group === undefined) {
      menu.push(item);
      continue;
    }
    let parent = groups.get(group);
    if (parent === undefined) {
      const g = MENU_GROUPS[group];
      parent = { path: g.path, name: t(g.nameKey), icon: g.icon, children: [] };
      groups.set(group, parent);
      menu.push(parent);
    }
    parent.children?.push(item);
  }

  return (
    <ProLayout
      title={t('app.name')}
      logo="/logo.svg"
      layout="mix"
      fixSiderbar
      fixedHeader
      siderWidth={208}
      location={{ pathname: location.pathname }}
      route={{ path: '/', routes: menu }}
      menu={{ locale: false }}
      onMenuHeaderClick={() => void navigate('/')}
      menuItemRender={(item, dom) => (item.path ? <Link to={item.path}>{dom}</Link> : dom)}
      avatarProps={{
        icon: <UserOutlined />,
        size: 'small',
        title: me?.display_name ?? t('header.user'),
        render: (_props, dom) => (me ? <UserMenu me={me}>{dom}</UserMenu> : dom),
      }}
      actionsRender={() => [
        ...(me ? [<UserScope key="scope" me={me} />] : []),
        <NotificationBell key="bell" />,
        <LanguageSwitch key="lang" />,
      ]}
    >
      <Suspense fallback={<PageContainer loading />}>
        <Outlet />
      </Suspense>
    </ProLayout>
  );
}
