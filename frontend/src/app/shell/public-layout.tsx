import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';

import { LanguageSwitch } from './language-switch';

/** The frame of the pages before sign-in: the product, the language switch, the page in the middle. */
export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <div className="teyi-public">
      <Flex justify="flex-end" className="teyi-public-top">
        <LanguageSwitch />
      </Flex>
      <Flex vertical align="center" className="teyi-public-main">
        <Flex align="center" gap="middle" className="teyi-public-brand">
          <img src="/logo.svg" alt="" width={44} height={44} />
          <Flex vertical>
            <Typography.Title level={2} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </Flex>
        </Flex>
        <Outlet />
      </Flex>
    </div>
  );
}
