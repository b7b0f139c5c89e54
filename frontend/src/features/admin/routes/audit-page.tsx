import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { MinusSquareOutlined, PlusSquareOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Empty, Flex, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { formatDateTime } from '@/lib/format';
import { useLabels } from '@/lib/labels';
import { useUrlFilters } from '@/lib/url-filters';

import { useAuditEvents, type AuditEvent, type AuditFilter } from '../api/search-audit-events';
import { AuditValues } from '../components/audit-values';
import { LoadMore } from '../components/load-more';

/** The actions recorded today; the field also takes any other (later capabilities add theirs). */
const KNOWN_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.lockout',
  'auth.logout',
  'auth.second_factor',
  'auth.second_factor_failed',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'user.roles',
  'user.password_reset',
  'user.password_change',
  'user.totp_enrol',
  'region.create',
  'hospital.create',
  'hospital.update',
  'api_token.create',
  'api_token.revoke',
];

const OBJECT_TYPES = ['user', 'hospital', 'region', 'api_token'] as const;

const FILTERS = ['actor', 'action', 'object_type', 'object_id', 'from', 'to'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type FormValues = Record<string, unknown> & { range?: [Dayjs | string | null, Dayjs | string | null] };

function day(value: Dayjs | string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : undefined;
}

function ActionInput(props: { value?: string; onChange?: (value: string) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <AutoComplete
      {...props}
      allowClear
      placeholder={t('admin.audit.actionPlaceholder')}
      options={KNOWN_ACTIONS.map((a) => ({ value: a, label: `${a} · ${labels.action(a)}` }))}
      filterOption={(input, option) => (option?.label ?? '').toLowerCase().includes(input.trim().toLowerCase())}
    />
  );
}

/**
 * 系统管理 › 审计日志: who did what, when, from where — filtered on the
 * server, newest first, "load more" for older events; each row opens to the
 * values before and after.
 */
export default function AuditPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const [filters, setFilters] = useUrlFilters(FILTERS);

  // The page's range is inclusive; the API's `to` is exclusive, so it gets the next day.
  const apiFilter: AuditFilter = useMemo(
    () => ({
      actor: filters.actor,
      action: filters.action,
      object_type: filters.object_type,
      object_id: filters.object_id,
      from: filters.from && DAY.test(filters.from) ? filters.from : undefined,
      to: filters.to && DAY.test(filters.to) ? dayjs(filters.to).add(1, 'day').format('YYYY-MM-DD') : undefined,
      limit: 50,
    }),
    [filters],
  );
  const events = useAuditEvents(apiFilter);
  const rows = useMemo(() => events.data?.pages.flatMap((p) => p.items) ?? [], [events.data]);

  const initialValues = useMemo(
    () => ({
      ...filters,
      range: filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : undefined,
    }),
    // The form reads these once, when it mounts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const submit = (values: FormValues) => {
    const { range, ...rest } = values;
    setFilters({
      actor: rest.actor as string | undefined,
      action: rest.action as string | undefined,
      object_type: rest.object_type as string | undefined,
      object_id: rest.object_id as string | undefined,
      from: day(range?.[0]),
      to: day(range?.[1]),
    });
  };

  const columns: ProColumns<AuditEvent>[] = [
    {
      title: t('admin.audit.timeRange'),
      dataIndex: 'range',
      valueType: 'dateRange',
      hideInTable: true,
    },
    {
      title: t('admin.audit.actor'),
      dataIndex: 'actor',
      hideInTable: true,
      fieldProps: { placeholder: t('admin.audit.actorPlaceholder'), allowClear: true, autoCapitalize: 'none' },
    },
    {
      title: t('admin.audit.action'),
      dataIndex: 'action',
      hideInTable: true,
      renderFormItem: () => <ActionInput />,
    },
    {
      title: t('admin.audit.objectType'),
      dataIndex: 'object_type',
      hideInTable: true,
      valueType: 'select',
      valueEnum: Object.fromEntries(OBJECT_TYPES.map((o) => [o, { text: labels.objectType(o) }])),
    },
    {
      title: t('admin.audit.objectId'),
      dataIndex: 'object_id',
      hideInTable: true,
      fieldProps: { allowClear: true },
    },
    {
      title: t('admin.audit.at'),
      dataIndex: 'at',
      search: false,
      width: 170,
      render: (_, e) => <span className="tabular-nums">{formatDateTime(e.at, { seconds: true })}</span>,
    },
    {
      title: t('admin.audit.actor'),
      dataIndex: 'actor_name',
      search: false,
      render: (_, e) =>
        e.actor_name ? <Typography.Text style={{ whiteSpace: 'nowrap' }}>{e.actor_name}</Typography.Text> : '—',
    },
    {
      title: t('admin.audit.role'),
      dataIndex: 'role',
      search: false,
      render: (_, e) => (e.role ? labels.role(e.role) : '—'),
    },
    {
      title: t('admin.audit.action'),
      key: 'actionCol',
      search: false,
      render: (_, e) => (
        <Flex gap={6} align="center" wrap>
          <Tag color={e.action.endsWith('_failed') || e.action.endsWith('lockout') ? 'red' : 'blue'}>
            {labels.action(e.action)}
          </Tag>
          <Typography.Text code type="secondary" style={{ fontSize: 12 }}>
            {e.action}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('admin.audit.object'),
      key: 'object',
      search: false,
      render: (_, e) =>
        e.object_type ? (
          <Flex vertical>
            <span>{labels.objectType(e.object_type)}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: e.object_id }}>
              {e.object_id}
            </Typography.Text>
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      title: t('admin.audit.ip'),
      dataIndex: 'ip',
      search: false,
      render: (_, e) => <span className="tabular-nums">{e.ip || '—'}</span>,
    },
  ];

  return (
    <PageContainer title={<PageTitle>{t('admin.audit.title')}</PageTitle>} content={t('admin.audit.description')}>
      {events.isError && events.data === undefined ? (
        <ProblemResult error={events.error} onRetry={() => void events.refetch()} retrying={events.isFetching} />
      ) : (
        <ProTable<AuditEvent>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={events.isFetching && !events.isFetchingNextPage}
          pagination={false}
          search={{ labelWidth: 'auto', defaultCollapsed: false, span: 8 }}
          form={{ initialValues }}
          dateFormatter="string"
          onSubmit={submit}
          onReset={() => setFilters({})}
          options={{ reload: () => void events.refetch(), density: false, setting: false }}
          expandable={{
            expandedRowRender: (e) => <AuditValues event={e} />,
            expandIcon: ({ expanded, onExpand, record }) => (
              <Button
                type="text"
                size="small"
                aria-expanded={expanded}
                aria-label={expanded ? t('admin.audit.collapse') : t('admin.audit.expand')}
                icon={expanded ? <MinusSquareOutlined /> : <PlusSquareOutlined />}
                onClick={(event) => onExpand(record, event)}
              />
            ),
          }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.audit.empty')} /> }}
          footer={() => (
            <LoadMore
              count={rows.length}
              hasMore={events.hasNextPage}
              loading={events.isFetchingNextPage}
              onLoadMore={() => void events.fetchNextPage()}
            />
          )}
        />
      )}
    </PageContainer>
  );
}
