import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { Empty, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';

import { EMPTY } from '@/lib/format';

import type { Check } from '../api/get-system-status';

export function CheckStateTag({ ok }: { ok: boolean }) {
  const { t } = useTranslation();
  return ok ? (
    <Tag color="success" icon={<CheckCircleOutlined />}>
      {t('status.ok')}
    </Tag>
  ) : (
    <Tag color="error" icon={<CloseCircleOutlined />}>
      {t('status.failed')}
    </Tag>
  );
}

const latencyFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** One row per dependency the server checked (postgres, redis, …). */
export function ChecksTable({ checks }: { checks: readonly Check[] }) {
  const { t } = useTranslation();
  const columns: ColumnsType<Check> = [
    {
      title: t('status.dependency'),
      dataIndex: 'name',
      render: (name: string) => <Typography.Text code>{name}</Typography.Text>,
    },
    {
      title: t('status.state'),
      dataIndex: 'ok',
      render: (ok: boolean) => <CheckStateTag ok={ok} />,
    },
    {
      title: t('status.latency'),
      dataIndex: 'latency_ms',
      align: 'right',
      className: 'tabular-nums',
      render: (ms: number) => t('status.latencyValue', { ms: latencyFormat.format(ms) }),
    },
    {
      title: t('status.error'),
      dataIndex: 'error',
      render: (error?: string) =>
        error ? <Typography.Text type="danger">{error}</Typography.Text> : EMPTY,
    },
  ];
  return (
    <Table<Check>
      rowKey="name"
      columns={columns}
      dataSource={[...checks]}
      pagination={false}
      size="middle"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('status.empty')} /> }}
    />
  );
}
