import { UserOutlined } from '@ant-design/icons';
import { PageContainer, ProLayout, type MenuDataItem } from '@ant-design/pro-components';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';

import { useAccess } from '@/lib/access';

import { appRoutes } from '../routes';
import { LanguageSwitch } from './language-switch';
import { NotificationBell } from './notification-bell';

/** The frame around every page: side menu, header with product, language, bell and user. */
export function AppLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const access = useAccess();

  const menu: MenuDataItem[] = appRoutes
    .filter((r) => r.menu !== undefined && access[r.access])
    .map((r) => ({ path: r.path, name: r.menu ? t(r.menu.nameKey) : r.path, icon: r.menu?.icon }));

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
      avatarProps={{ icon: <UserOutlined />, size: 'small', title: t('header.user') }}
      actionsRender={() => [<NotificationBell key="bell" />, <LanguageSwitch key="lang" />]}
    >
      <Suspense fallback={<PageContainer loading />}>
        <Outlet />
      </Suspense>
    </ProLayout>
  );
}
