import { PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { App, Button, Card, Empty, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { formatDateTime } from '@/lib/format';

import { KINDS, STATUSES, useRegistryItems, type Filing } from '../api/registry';
import { FilingFormModal } from '../components/filing-form-modal';
import { FilingStatusTag } from '../components/status-tag';

/** 新药耗新技术备案: the filings in scope, with filters kept in the URL. */
export default function RegistryListPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filters = { status: params.get('status') ?? '', kind: params.get('kind') ?? '', q: params.get('q') ?? '' };
  const items = useRegistryItems(filters);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<typeof filters>();

  const search = (v: typeof filters) => {
    const next = new URLSearchParams();
    for (const [k, val] of Object.entries(v)) if (val) next.set(k, String(val).trim());
    setParams(next);
  };

  const columns: ColumnsType<Filing> = [
    {
      title: t('registry.code'),
      dataIndex: 'code',
      render: (code: string, f) => (
        <Link to={`/registry/${f.id}`} className="tabular-nums">
          {code}
        </Link>
      ),
    },
    { title: t('registry.name'), dataIndex: 'name', ellipsis: true },
    { title: t('registry.kind'), dataIndex: 'kind', render: (k: Filing['kind']) => t(`registry.kinds.${k}`) },
    { title: t('registry.hospital'), dataIndex: 'hospital_name', ellipsis: true },
    { title: t('registry.status'), key: 'status', render: (_, f) => <FilingStatusTag f={f} /> },
    {
      title: t('registry.validity'),
      key: 'validity',
      render: (_, f) => (f.valid_from ? `${f.valid_from} ~ ${f.valid_to}` : '—'),
    },
    { title: t('registry.scope'), key: 'scope', render: (_, f) => (f.scope ? t(`registry.scopes.${f.scope}`) : '—') },
    { title: t('registry.createdAt'), key: 'created', render: (_, f) => formatDateTime(f.created_at) },
  ];

  return (
    <PageContainer
      title={<PageTitle>{t('registry.title')}</PageTitle>}
      content={<Typography.Text type="secondary">{t('registry.intro')}</Typography.Text>}
      extra={
        access.canCreateRegistryItem ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="registry-new">
            {t('registry.new')}
          </Button>
        ) : null
      }
    >
      <Card style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" initialValues={filters} onFinish={search}>
          <Form.Item name="q" label={t('registry.search')}>
            <Input allowClear placeholder={t('registry.searchHint')} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="status" label={t('registry.status')}>
            <Select
              allowClear
              style={{ width: 140 }}
              options={STATUSES.map((s) => ({ value: s, label: t(`registry.statuses.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('registry.kind')}>
            <Select allowClear style={{ width: 140 }} options={KINDS.map((k) => ({ value: k, label: t(`registry.kinds.${k}`) }))} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('registry.searchButton')}
            </Button>
            <Button
              onClick={() => {
                form.setFieldsValue({ q: '', status: '', kind: '' });
                setParams(new URLSearchParams());
              }}
            >
              {t('registry.reset')}
            </Button>
          </Space>
        </Form>
      </Card>
      <Card>
        {items.isError ? (
          <ProblemResult error={items.error} onRetry={() => void items.refetch()} />
        ) : (
          <Table
            rowKey="id"
            loading={items.isLoading}
            columns={columns}
            dataSource={items.data ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{
              emptyText: <Empty description={access.canCreateRegistryItem ? t('registry.emptyHospital') : t('registry.empty')} />,
            }}
          />
        )}
      </Card>
      <FilingFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(d) => {
          setCreating(false);
          void message.success(t('registry.form.created'));
          void navigate(`/registry/${d.id}`);
        }}
      />
    </PageContainer>
  );
}
