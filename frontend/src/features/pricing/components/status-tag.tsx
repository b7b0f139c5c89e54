import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import type { PricingSummary } from '../api/list-pricing-versions';

const COLOURS: Record<string, string> = { draft: 'default', active: 'green', retired: 'red' };

/** The version's status as a coloured tag, with "in force" or "ended" for active ones. */
export function StatusTag({ v }: { v: Pick<PricingSummary, 'status' | 'in_force_today' | 'ended'> }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      <Tag color={COLOURS[v.status]}>{t(`pricing.statuses.${v.status}`)}</Tag>
      {v.in_force_today ? <Tag color="blue">{t('pricing.inForce')}</Tag> : null}
      {v.ended ? <Tag>{t('pricing.ended')}</Tag> : null}
    </Space>
  );
}

/** "2026-01-01 至 2026-12-31" or "… 至 长期". */
export function Span({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  return <span>{`${from} ~ ${to || t('pricing.openEnded')}`}</span>;
}
