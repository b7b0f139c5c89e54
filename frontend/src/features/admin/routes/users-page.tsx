import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Empty, Popconfirm, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { isSystemUser, useAccess } from '@/lib/access';
import { problemOf } from '@/lib/form-errors';
import { EMPTY, formatDate } from '@/lib/format';
import { useMe } from '@/lib/session';
import { useUrlFilters } from '@/lib/url-filters';

import { useHospitals } from '../api/list-hospitals';
import { useRegions } from '../api/list-regions';
import { useUsers, type User } from '../api/list-users';
import { useResetUserPassword } from '../api/reset-user-password';
import { useUpdateUser } from '../api/update-user';
import { HospitalSelect } from '../components/hospital-select';
import { RoleTags } from '../components/role-tags';
import { SecretModal } from '../components/secret-modal';
import { UserCreateModal } from '../components/user-create-modal';
import { UserRolesModal } from '../components/user-roles-modal';

type UserState = 'active' | 'disabled' | 'must_change' | 'locked';

function stateOf(user: User, now: number): UserState {
  if (user.disabled) return 'disabled';
  if (user.locked_until && Date.parse(user.locked_until) > now) return 'locked';
  if (user.must_change_password) return 'must_change';
  return 'active';
}

const FILTERS = ['q', 'hospital_id', 'state'] as const;

/** 系统管理 › 用户: who can sign in, with what roles; add, disable, reset, re-role. */
export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const me = useMe().data ?? null;
  const systemScope = isSystemUser(me);
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const users = useUsers({ hospital_id: filters.hospital_id });
  const hospitals = useHospitals({}, access.canListHospitals);
  const regions = useRegions(access.canListRegions);
  const update = useUpdateUser();
  const reset = useResetUserPassword();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User>();
  const [resetResult, setResetResult] = useState<{ user: User; password: string }>();

  const hospitalName = useMemo(
    () => new Map((hospitals.data?.items ?? []).map((h) => [h.id, h.name])),
    [hospitals.data],
  );
  const regionName = useMemo(() => {
    const m = new Map((regions.data ?? []).map((r) => [r.code, r.name]));
    if (me?.region_code && me.region_name) m.set(me.region_code, me.region_name);
    return m;
  }, [regions.data, me]);

  const [now] = useState(() => Date.now());
  const rows = useMemo(() => {
    const q = filters.q?.toLowerCase();
    return (users.data?.items ?? []).filter(
      (u) =>
        (!q || u.username.toLowerCase().includes(q) || u.display_name.toLowerCase().includes(q)) &&
        (!filters.state || stateOf(u, now) === filters.state),
    );
  }, [users.data, filters.q, filters.state, now]);

  const onMutationError = (err: Error) => {
    const problem = problemOf(err);
    if (problem?.status === 409) void message.warning(t('common.stale'));
    else void message.error(problem ? (problem.errors?.[0]?.message ?? problem.detail ?? problem.title) : err.message);
  };

  const toggleDisabled = (user: User) =>
    update.mutateAsync({ id: user.id, patch: { version: user.version, disabled: !user.disabled } }).then(
      () =>
        void message.success(
          t(user.disabled ? 'admin.users.enabledDone' : 'admin.users.disabledDone', { name: user.display_name }),
        ),
      onMutationError,
    );

  const resetPassword = (user: User) =>
    reset.mutateAsync(user.id).then((password) => setResetResult({ user, password }), onMutationError);

  const stateTag = (user: User) => {
    switch (stateOf(user, now)) {
      case 'disabled':
        return <Tag color="red">{t('admin.users.disabled')}</Tag>;
      case 'locked':
        return <Tag color="orange">{t('admin.users.locked')}</Tag>;
      case 'must_change':
        return <Tag color="orange">{t('admin.users.mustChange')}</Tag>;
      case 'active':
        return <Tag color="green">{t('admin.users.active')}</Tag>;
    }
  };

  const columns: ProColumns<User>[] = [
    {
      title: t('admin.users.keyword'),
      dataIndex: 'q',
      hideInTable: true,
      fieldProps: { placeholder: t('admin.users.keywordPlaceholder'), allowClear: true },
    },
    ...(access.canListHospitals && !me?.hospital_id
      ? [
          {
            title: t('admin.users.hospital'),
            dataIndex: 'hospital_id',
            hideInTable: true,
            renderFormItem: () => <HospitalSelect />,
          } satisfies ProColumns<User>,
        ]
      : []),
    {
      title: t('admin.users.state'),
      dataIndex: 'state',
      hideInTable: true,
      valueType: 'select',
      valueEnum: {
        active: { text: t('admin.users.active') },
        disabled: { text: t('admin.users.disabled') },
        must_change: { text: t('admin.users.mustChange') },
        locked: { text: t('admin.users.locked') },
      },
    },
    {
      title: t('admin.users.username'),
      dataIndex: 'username',
      search: false,
      render: (_, u) => (
        <Space size={4}>
          <Typography.Text code>{u.username}</Typography.Text>
          {u.demo && <Tag bordered={false}>{t('admin.users.demo')}</Tag>}
        </Space>
      ),
    },
    { title: t('admin.users.displayName'), dataIndex: 'display_name', search: false },
    { title: t('admin.users.roles'), dataIndex: 'roles', search: false, render: (_, u) => <RoleTags roles={u.roles} /> },
    {
      title: t('admin.users.affiliation'),
      key: 'affiliation',
      search: false,
      render: (_, u) =>
        u.hospital_id
          ? (hospitalName.get(u.hospital_id) ?? EMPTY)
          : u.region_code
            ? (regionName.get(u.region_code) ?? u.region_code)
            : EMPTY,
    },
    {
      title: t('admin.users.totp'),
      dataIndex: 'totp_enabled',
      search: false,
      render: (_, u) =>
        u.totp_enabled ? <Tag color="green">{t('admin.users.totpOn')}</Tag> : <Tag>{t('admin.users.totpOff')}</Tag>,
    },
    { title: t('admin.users.state'), key: 'stateTag', search: false, render: (_, u) => stateTag(u) },
    {
      title: t('admin.users.createdAt'),
      dataIndex: 'created_at',
      search: false,
      render: (_, u) => <span className="tabular-nums">{formatDate(u.created_at)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      search: false,
      fixed: 'right',
      hideInTable: !(access.canSetUserRoles || access.canResetUserPassword || access.canUpdateUser),
      render: (_, u) => {
        const isSelf = u.id === me?.id;
        return (
          <Space size={0}>
            {access.canSetUserRoles && (
              <Button type="link" size="small" onClick={() => setEditing(u)}>
                {t('admin.users.editRoles')}
              </Button>
            )}
            {access.canResetUserPassword && (
              <Popconfirm
                title={t('admin.users.resetPassword')}
                description={<div style={{ maxWidth: 320 }}>{t('admin.users.resetConfirm', { name: u.display_name })}</div>}
                onConfirm={() => resetPassword(u)}
                okButtonProps={{ danger: true }}
              >
                <Button type="link" size="small">
                  {t('admin.users.resetPassword')}
                </Button>
              </Popconfirm>
            )}
            {access.canUpdateUser && !isSelf && (
              <Popconfirm
                title={u.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                description={
                  <div style={{ maxWidth: 320 }}>
                    {t(u.disabled ? 'admin.users.enableConfirm' : 'admin.users.disableConfirm', { name: u.display_name })}
                  </div>
                }
                onConfirm={() => toggleDisabled(u)}
                okButtonProps={{ danger: !u.disabled }}
              >
                <Button type="link" size="small" danger={!u.disabled}>
                  {u.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <PageContainer title={<PageTitle>{t('admin.users.title')}</PageTitle>} content={t('admin.users.description')}>
      {users.isError && users.data === undefined ? (
        <ProblemResult error={users.error} onRetry={() => void users.refetch()} retrying={users.isFetching} />
      ) : (
        <ProTable<User>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={users.isFetching}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          search={{ labelWidth: 'auto', defaultCollapsed: true }}
          form={{ initialValues: filters }}
          onSubmit={(values: Record<string, string | undefined>) => setFilters(values)}
          onReset={() => setFilters({})}
          options={{ reload: () => void users.refetch(), density: false, setting: false }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.users.empty')} /> }}
          toolBarRender={() =>
            access.canCreateUser
              ? [
                  <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                    {t('admin.users.create')}
                  </Button>,
                ]
              : []
          }
        />
      )}
      <UserCreateModal open={creating} onClose={() => setCreating(false)} systemScope={systemScope} />
      <UserRolesModal user={editing} onClose={() => setEditing(undefined)} systemScope={systemScope} />
      <SecretModal
        open={resetResult !== undefined}
        title={t('admin.users.resetDone')}
        hint={t('admin.users.resetHint', { name: resetResult?.user.display_name ?? '' })}
        label={`${t('admin.users.username')}：${resetResult?.user.username ?? ''} · ${t('admin.users.temporaryPassword')}`}
        value={resetResult?.password ?? ''}
        testId="temporary-password"
        onClose={() => setResetResult(undefined)}
      />
    </PageContainer>
  );
}
