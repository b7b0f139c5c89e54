import { Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Filing } from '../api/registry';

/** One colour per meaning (ui.md): draft grey, waiting blue, approved green, rejected red, closed default. */
const COLOURS: Record<Filing['status'], string> = {
  draft: 'default',
  submitted: 'blue',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
  expired: 'default',
};

/** The filing's status, with "expires in N days" for an approval ending within 30 days. */
export function FilingStatusTag({ f }: { f: Pick<Filing, 'status' | 'in_force' | 'days_left' | 'valid_to'> }) {
  const { t } = useTranslation();
  const ending = f.status === 'approved' && f.days_left >= 0 && f.days_left <= 30;
  return (
    <Space size={4}>
      <Tag color={COLOURS[f.status]} data-testid="filing-status">
        {t(`registry.statuses.${f.status}`)}
      </Tag>
      {f.status === 'approved' && !f.in_force && f.days_left >= 0 ? <Tag>{t('registry.notYetInForce')}</Tag> : null}
      {ending ? (
        <Tooltip title={f.valid_to}>
          <Tag color="orange">{t('registry.endsIn', { count: f.days_left })}</Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}
