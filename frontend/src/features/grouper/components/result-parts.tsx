import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { SecondaryDx } from '../api/types';

/** An MDC, ADRG or DRG: its code in bold, then its name; a dash when the case has none. */
export function GroupCode({ code, name, testId }: { code?: string; name?: string; testId: string }) {
  if (!code) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span data-testid={testId}>
      <Typography.Text strong className="tabular-nums">
        {code}
      </Typography.Text>{' '}
      {name}
    </span>
  );
}

/** A CC/MCC secondary diagnosis with its level and exclusion table (表 7-N). */
export function Secondary({ dx }: { dx: SecondaryDx }) {
  const { t } = useTranslation();
  return (
    <span>
      <Typography.Text code>{dx.code}</Typography.Text> {dx.name}{' '}
      <Tag color={dx.kind === 'mcc' ? 'volcano' : 'gold'} bordered={false}>
        {dx.kind.toUpperCase()}
      </Tag>
      {dx.table && (
        <Typography.Text type="secondary">
          {t('grouper.table')} {dx.table}
        </Typography.Text>
      )}
    </span>
  );
}
