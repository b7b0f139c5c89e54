import { PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { App, Button, Card, Empty, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { formatDateTime } from '@/lib/format';

import { usePricingVersions, type PricingSummary } from '../api/list-pricing-versions';
import { CreateDraftModal } from '../components/create-draft-modal';
import { Span, StatusTag } from '../components/status-tag';

/** 支付参数: the region's pricing versions. */
export default function VersionsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const versions = usePricingVersions();
  const [creating, setCreating] = useState(false);

  const columns: ColumnsType<PricingSummary> = [
    {
      title: t('pricing.year'),
      key: 'name',
      render: (_, v) => (
        <Link to={`/pricing/${v.id}`}>{t('pricing.detail.title', { year: v.year, number: v.number })}</Link>
      ),
    },
    { title: t('pricing.status'), key: 'status', render: (_, v) => <StatusTag v={v} /> },
    { title: t('pricing.method'), dataIndex: 'method', render: (m: string) => t(`pricing.methods.${m as 'rate'}`) },
    { title: t('pricing.effective'), key: 'span', render: (_, v) => <Span from={v.effective_from} to={v.effective_to} /> },
    { title: t('pricing.weights'), dataIndex: 'weight_count', align: 'right' },
    { title: t('pricing.source'), dataIndex: 'source', ellipsis: true },
    {
      title: t('pricing.activatedAt'),
      key: 'activated',
      render: (_, v) => (v.activated_at ? `${formatDateTime(v.activated_at)} ${v.activated_by}` : '—'),
    },
  ];

  return (
    <PageContainer
      title={<PageTitle>{t('pricing.title')}</PageTitle>}
      content={<Typography.Text type="secondary">{t('pricing.intro')}</Typography.Text>}
      extra={
        access.canCreatePricingDraft ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('pricing.newDraft')}
          </Button>
        ) : null
      }
    >
      <Card>
        {versions.isError ? (
          <ProblemResult error={versions.error} onRetry={() => void versions.refetch()} />
        ) : (
          <Table
            rowKey="id"
            loading={versions.isLoading}
            columns={columns}
            dataSource={versions.data ?? []}
            pagination={false}
            locale={{ emptyText: <Empty description={t('pricing.empty')} /> }}
          />
        )}
      </Card>
      <CreateDraftModal
        open={creating}
        canImport={access.canImportPricingCatalogue}
        onClose={() => setCreating(false)}
        onCreated={(v) => {
          setCreating(false);
          void message.success(t('pricing.create.created'));
          void navigate(`/pricing/${v.id}`);
        }}
      />
    </PageContainer>
  );
}
