import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatMoney } from '@/lib/format';

import type { Deduction } from '../api/types';

/** Deductions (核减项): item, amount, reason; money as the API sent it. */
export function DeductionsTable({ items, testId }: { items: readonly Deduction[] | null | undefined; testId?: string }) {
  const { t } = useTranslation();
  const rows = items ?? [];
  if (rows.length === 0) return <Typography.Text type="secondary">{t('review.vote.noDeductions')}</Typography.Text>;
  return (
    <Table<Deduction>
      size="small"
      rowKey={(d) => d.key + d.label}
      pagination={false}
      dataSource={[...rows]}
      data-testid={testId}
      columns={[
        { title: t('review.vote.label'), dataIndex: 'label' },
        {
          title: t('review.vote.amount'),
          dataIndex: 'amount',
          align: 'right',
          render: (a: string) => <span className="money">{formatMoney(a)}</span>,
        },
        { title: t('review.vote.reason'), dataIndex: 'reason', render: (r: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{r}</span> },
      ]}
    />
  );
}
