import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Empty, Popconfirm, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { isSystemUser, useAccess } from '@/lib/access';
import { problemOf } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';
import { useLabels } from '@/lib/labels';
import { useMe } from '@/lib/session';

import { useApiTokens, type ApiToken } from '../api/list-api-tokens';
import { useHospitals } from '../api/list-hospitals';
import { useRevokeApiToken } from '../api/revoke-api-token';
import { TokenCreateModal } from '../components/token-create-modal';

type TokenState = 'valid' | 'expired' | 'revoked';

function stateOf(token: ApiToken, now: number): TokenState {
  if (token.revoked_at) return 'revoked';
  if (Date.parse(token.expires_at) <= now) return 'expired';
  return 'valid';
}

/** 系统管理 › API 令牌: hospital systems' credentials; issue (secret once) and revoke. */
export default function ApiTokensPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const access = useAccess();
  const me = useMe().data ?? null;
  const tokens = useApiTokens();
  const hospitals = useHospitals({}, access.canListHospitals);
  const revoke = useRevokeApiToken();
  const [creating, setCreating] = useState(false);
  const [now] = useState(() => Date.now());

  const hospitalName = useMemo(
    () => new Map((hospitals.data?.items ?? []).map((h) => [h.id, h.name])),
    [hospitals.data],
  );

  const doRevoke = (token: ApiToken) =>
    revoke.mutateAsync(token.id).then(
      () => void message.success(t('admin.tokens.revokedDone', { name: token.name })),
      (err: Error) => {
        const problem = problemOf(err);
        void message.error(problem ? (problem.detail ?? problem.title) : err.message);
      },
    );

  const columns: ProColumns<ApiToken>[] = [
    { title: t('admin.tokens.name'), dataIndex: 'name' },
    {
      title: t('admin.tokens.prefix'),
      dataIndex: 'prefix',
      render: (_, tk) => <Typography.Text code>{tk.prefix}…</Typography.Text>,
    },
    {
      title: t('admin.tokens.hospital'),
      dataIndex: 'hospital_id',
      render: (_, tk) => hospitalName.get(tk.hospital_id) ?? (me?.hospital_id === tk.hospital_id ? me.hospital_name : tk.hospital_id),
    },
    {
      title: t('admin.tokens.operations'),
      dataIndex: 'operations',
      render: (_, tk) => (
        <Space size={[4, 4]} wrap>
          {(tk.operations ?? []).map((op) => (
            <Tag key={op} title={op}>
              {labels.operation(op)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('admin.tokens.state'),
      key: 'state',
      render: (_, tk) => {
        const state = stateOf(tk, now);
        const color = state === 'valid' ? 'green' : state === 'revoked' ? 'red' : 'default';
        return <Tag color={color}>{t(`admin.tokens.${state}`)}</Tag>;
      },
    },
    {
      title: t('admin.tokens.expiresAt'),
      dataIndex: 'expires_at',
      render: (_, tk) => <span className="tabular-nums">{formatDateTime(tk.expires_at)}</span>,
    },
    {
      title: t('admin.tokens.lastUsedAt'),
      dataIndex: 'last_used_at',
      render: (_, tk) =>
        tk.last_used_at ? (
          <span className="tabular-nums">{formatDateTime(tk.last_used_at)}</span>
        ) : (
          <Typography.Text type="secondary">{t('admin.tokens.never')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      hideInTable: !access.canRevokeApiToken,
      render: (_, tk) =>
        stateOf(tk, now) === 'valid' && (
          <Popconfirm
            title={t('admin.tokens.revoke')}
            description={<div style={{ maxWidth: 320 }}>{t('admin.tokens.revokeConfirm', { name: tk.name })}</div>}
            onConfirm={() => doRevoke(tk)}
            okButtonProps={{ danger: true }}
          >
            <Button type="link" size="small" danger>
              {t('admin.tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <PageContainer title={<PageTitle>{t('admin.tokens.title')}</PageTitle>} content={t('admin.tokens.description')}>
      {tokens.isError && tokens.data === undefined ? (
        <ProblemResult error={tokens.error} onRetry={() => void tokens.refetch()} retrying={tokens.isFetching} />
      ) : (
        <ProTable<ApiToken>
          rowKey="id"
          columns={columns}
          dataSource={tokens.data ?? []}
          loading={tokens.isFetching}
          search={false}
          pagination={(tokens.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          options={{ reload: () => void tokens.refetch(), density: false, setting: false }}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={access.canCreateApiToken ? t('admin.tokens.emptyCreate') : t('admin.tokens.empty')}
              />
            ),
          }}
          toolBarRender={() =>
            access.canCreateApiToken
              ? [
                  <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                    {t('admin.tokens.create')}
                  </Button>,
                ]
              : []
          }
        />
      )}
      <TokenCreateModal open={creating} onClose={() => setCreating(false)} systemScope={isSystemUser(me)} />
    </PageContainer>
  );
}
