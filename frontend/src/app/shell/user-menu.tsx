import { BankOutlined, LogoutOutlined, SettingOutlined } from '@ant-design/icons';
import { App, Dropdown, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { useLogout, type Me } from '@/lib/session';

/** Where the user works: their hospital, else their region (sysadmins have neither). */
export function UserScope({ me }: { me: Me }) {
  const scope = me.hospital_name || me.region_name;
  if (!scope) return null;
  return (
    <Flex gap={6} align="center" wrap={false} data-testid="user-scope" className="teyi-user-scope">
      <BankOutlined />
      <Typography.Text ellipsis style={{ maxWidth: 240, whiteSpace: 'nowrap' }}>
        {scope}
      </Typography.Text>
    </Flex>
  );
}

/** The avatar and name in the header; opens 个人设置 and 退出登录. */
export function UserMenu({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const logout = useLogout();

  return (
    <Dropdown
      trigger={['click', 'hover']}
      menu={{
        items: [
          { key: 'profile', icon: <SettingOutlined />, label: t('header.profile') },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'profile') void navigate('/profile');
          if (key === 'logout') {
            logout.mutate(undefined, {
              onSuccess: () => void navigate('/login', { replace: true }),
              onError: () => void message.error(t('header.logoutFailed')),
            });
          }
        },
      }}
    >
      <span role="button" tabIndex={0} data-testid="user-menu" aria-label={`${t('header.account')} ${me.display_name}`}>
        {children}
      </span>
    </Dropdown>
  );
}
