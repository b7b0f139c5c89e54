import { Alert, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { CopyButton } from './copy-button';

/**
 * A secret the server shows only once (temporary password, API token): in a
 * monospace box with a copy button, under a warning that it will not come back.
 */
export function OneTimeSecret({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap="small">
      <Alert type="warning" showIcon message={t('common.shownOnce')} />
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Flex gap="small" align="center">
        <Typography.Text
          code
          data-testid={testId}
          className="teyi-secret"
          style={{ fontSize: 16, flex: 1, wordBreak: 'break-all' }}
        >
          {value}
        </Typography.Text>
        <CopyButton text={value} type="primary" />
      </Flex>
    </Flex>
  );
}
