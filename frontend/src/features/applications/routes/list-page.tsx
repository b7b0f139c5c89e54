import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { isRegionUser, useAccess } from '@/lib/access';
import { api, unwrap } from '@/lib/api-client';
import { formatDate, formatDateTime, formatMoney } from '@/lib/format';
import { useMe } from '@/lib/session';
import { useUrlFilters } from '@/lib/url-filters';

import { useAssignApplications } from '../api/commands';
import { useApplicationOptions, useApplicationPage, useApplicationQuota, useApplicationReviewers } from '../api/queries';
import type { ApplicationSummary, AssignOutcome } from '../api/types';
import { QuotaGauge } from '../components/quota-gauge';
import { StatusTag, TypeTags } from '../components/status-tag';
import { useWorkflowMessage } from '../model/use-workflow-message';
import { FILTER_KEYS, listKind, toQuery } from '../model/filters';
import { useApplicationLabels } from '../model/labels';

function useHospitals(enabled: boolean) {
  return useQuery({
    queryKey: ['applications', 'hospitals'],
    enabled,
    queryFn: async () => (await unwrap(api.GET('/api/v1/hospitals', { params: { query: { limit: 200 } } }))).items ?? [],
    staleTime: 60_000,
  });
}

/** The batch assignment: a reviewer picker, a confirmation with the count, and the outcome per row. */
function AssignBar({ selected, onDone }: { selected: ApplicationSummary[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const reviewers = useApplicationReviewers(true);
  const assign = useAssignApplications();
  const describe = useWorkflowMessage();
  const [reviewer, setReviewer] = useState<string>();
  const [outcome, setOutcome] = useState<AssignOutcome[] | null>(null);
  const run = () => {
    if (!reviewer) return;
    modal.confirm({
      title: t('applications.assign.button'),
      content: t('applications.assign.confirm', { count: selected.length }),
      okText: t('applications.confirm.ok'),
      cancelText: t('applications.confirm.cancel'),
      onOk: () =>
        assign
          .mutateAsync({ reviewer_id: reviewer, applications: selected.map((a) => ({ id: a.id, version: a.version })) })
          .then((r) => {
            setOutcome(r.items ?? []);
            onDone();
          })
          .catch(() => undefined),
    });
  };
  const noById = new Map(selected.map((a) => [a.id, a.no]));
  const ok = (outcome ?? []).filter((o) => o.ok).length;
  const failed = (outcome ?? []).filter((o) => !o.ok);
  return (
    <Flex vertical gap={8} data-testid="assign-bar">
      <Space wrap>
        <Typography.Text>{t('applications.assign.selected', { count: selected.length })}</Typography.Text>
        <Select
          aria-label={t('applications.assign.reviewer')}
          placeholder={t('applications.assign.reviewer')}
          style={{ minWidth: 240 }}
          loading={reviewers.isLoading}
          value={reviewer}
          onChange={setReviewer}
          options={(reviewers.data ?? []).map((r) => ({ value: r.id, label: t('applications.assign.reviewerOpen', { name: r.name, open: r.open }) }))}
        />
        <Button type="primary" disabled={!reviewer || selected.length === 0} loading={assign.isPending} onClick={run}>
          {t('applications.assign.button')}
        </Button>
      </Space>
      {assign.error !== null && <Alert type="error" showIcon message={describe(assign.error).message} />}
      {outcome !== null && (
        <Alert
          type={failed.length > 0 ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setOutcome(null)}
          data-testid="assign-outcome"
          message={
            <Space wrap>
              {t('applications.assign.done', { ok })}
              {failed.length > 0 && t('applications.assign.failed', { count: failed.length })}
            </Space>
          }
          description={
            failed.length > 0 && (
              <ul style={{ margin: 0 }}>
                {failed.map((f) => (
                  <li key={f.id}>
                    {noById.get(f.id) ?? f.id}: {f.error}
                  </li>
                ))}
              </ul>
            )
          }
        />
      )}
    </Flex>
  );
}

/**
 * 申请列表: one list for every role — the clinician's own, the office's
 * review queue with the quota gauge, the bureau's intake queue by
 * service-level age with batch assignment. Filters live in the address.
 */
export default function ApplicationListPage() {
  const { t } = useTranslation();
  const l = useApplicationLabels();
  const access = useAccess();
  const me = useMe().data;
  const region = isRegionUser(me);
  const [filters, setFilters] = useUrlFilters(FILTER_KEYS);
  const query = useMemo(() => toQuery(filters), [filters]);
  const page = useApplicationPage(query);
  const options = useApplicationOptions();
  const quota = useApplicationQuota(access.canViewApplicationQuota);
  const hospitals = useHospitals(region && access.canListHospitals);
  const [selected, setSelected] = useState<ApplicationSummary[]>([]);
  const [form] = Form.useForm();
  const kind = listKind(filters);
  const title =
    kind === 'intake'
      ? t('applications.intakeTitle')
      : kind === 'office'
        ? t('applications.officeTitle')
        : kind === 'mine'
          ? t('applications.mineTitle')
          : t('applications.listTitle');
  const canAssign = access.canAssignApplications;
  const items = page.data?.items ?? [];

  const search = (v: Record<string, unknown>) => {
    setSelected([]);
    setFilters({
      status: Array.isArray(v.status) ? (v.status as string[]).join(',') : undefined,
      queue: v.queue as string | undefined,
      hospital_id: v.hospital_id as string | undefined,
      type: v.type as string | undefined,
      q: v.q as string | undefined,
      overdue: v.overdue ? 'true' : undefined,
      sort: v.sort as string | undefined,
    });
  };

  return (
    <PageContainer title={<PageTitle>{title}</PageTitle>}>
      <Flex vertical gap={16}>
        {access.canViewApplicationQuota && (quota.data ?? [])[0] && <QuotaGauge gauge={(quota.data ?? [])[0]!} />}
        <Card size="small">
          <Form
            form={form}
            layout="inline"
            key={JSON.stringify(filters)}
            initialValues={{
              status: filters.status ? filters.status.split(',') : undefined,
              queue: filters.queue ?? '',
              hospital_id: filters.hospital_id,
              type: filters.type,
              q: filters.q,
              overdue: filters.overdue === 'true',
              sort: filters.sort ?? '',
            }}
            onFinish={search}
            style={{ rowGap: 8 }}
          >
            <Form.Item name="status" label={t('applications.filters.status')}>
              <Select
                mode="multiple"
                allowClear
                style={{ minWidth: 200 }}
                options={(options.data?.statuses ?? []).map((s) => ({ value: s, label: l.status(s) }))}
              />
            </Form.Item>
            <Form.Item name="queue" label={t('applications.filters.queue')}>
              <Select
                style={{ width: 130 }}
                options={[
                  { value: '', label: t('applications.filters.queueAll') },
                  { value: 'mine', label: t('applications.filters.queueMine') },
                  ...(region ? [{ value: 'assigned', label: t('applications.filters.queueAssigned') }] : []),
                ]}
              />
            </Form.Item>
            <Form.Item name="type" label={t('applications.filters.type')}>
              <Select allowClear style={{ width: 160 }} options={(options.data?.types ?? []).map((ty) => ({ value: ty, label: l.type(ty) }))} />
            </Form.Item>
            {region && (
              <Form.Item name="hospital_id" label={t('applications.filters.hospital')}>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  style={{ width: 220 }}
                  options={(hospitals.data ?? []).map((h) => ({ value: h.id, label: h.name }))}
                />
              </Form.Item>
            )}
            <Form.Item name="q" label={t('applications.filters.q')}>
              <Input allowClear style={{ width: 180 }} maxLength={64} />
            </Form.Item>
            <Form.Item name="sort" label={t('applications.filters.sort')}>
              <Select
                style={{ width: 130 }}
                options={[
                  { value: '', label: t('applications.filters.sortUpdated') },
                  { value: 'age', label: t('applications.filters.sortAge') },
                ]}
              />
            </Form.Item>
            {region && (
              <Form.Item name="overdue" valuePropName="checked">
                <Checkbox>{t('applications.filters.overdue')}</Checkbox>
              </Form.Item>
            )}
            <Form.Item>
              <Button type="primary" htmlType="submit">
                {t('applications.search')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
        {page.isError ? (
          <ProblemResult error={page.error} onRetry={() => void page.refetch()} retrying={page.isFetching} />
        ) : (
          <Card size="small">
            <Flex vertical gap={12}>
              {canAssign && <AssignBar selected={selected} onDone={() => setSelected([])} />}
              <Table<ApplicationSummary>
                size="small"
                rowKey="id"
                loading={page.isLoading || page.isFetching}
                dataSource={items}
                pagination={false}
                data-testid="applications-table"
                rowSelection={
                  canAssign
                    ? { selectedRowKeys: selected.map((s) => s.id), onChange: (_k, rows) => setSelected(rows) }
                    : undefined
                }
                locale={{
                  emptyText: (
                    <Flex vertical align="center" gap={8} style={{ padding: 24 }}>
                      <Typography.Text type="secondary">
                        {access.canCreateApplication && !region ? t('applications.emptyClinician') : t('applications.empty')}
                      </Typography.Text>
                      {access.canCreateApplication && !region && access.canListCases && (
                        <Link to="/cases?reason=any">{t('applications.goToCases')}</Link>
                      )}
                    </Flex>
                  ),
                }}
                columns={[
                  {
                    title: t('applications.cols.no'),
                    dataIndex: 'no',
                    render: (no: string, a) => (
                      <Link to={`/applications/${a.id}`} data-testid="application-link">
                        <span className="tabular-nums">{no}</span>
                      </Link>
                    ),
                  },
                  ...(region ? [{ title: t('applications.cols.hospital'), dataIndex: 'hospital_name' }] : []),
                  { title: t('applications.cols.settlement'), dataIndex: 'settlement_id', render: (s: string) => <span className="tabular-nums">{s}</span> },
                  { title: t('applications.cols.types'), dataIndex: 'types', render: (ts: string[]) => <TypeTags types={ts} /> },
                  {
                    title: t('applications.cols.status'),
                    dataIndex: 'status',
                    render: (s: string, a) => (
                      <Space size={4} wrap>
                        <StatusTag status={s} />
                        {a.escalated && <Tag color="red">{t('applications.escalated')}</Tag>}
                      </Space>
                    ),
                  },
                  {
                    title: t('applications.cols.claimed'),
                    dataIndex: 'claimed_amount',
                    align: 'right',
                    render: (v: string | null) => <span className="money">{formatMoney(v)}</span>,
                  },
                  { title: t('applications.cols.createdBy'), dataIndex: 'created_by_name' },
                  ...(region
                    ? [
                        { title: t('applications.cols.assigned'), dataIndex: 'assigned_name', render: (v?: string) => v || '—' },
                        {
                          title: t('applications.cols.age'),
                          dataIndex: 'age_days',
                          align: 'right' as const,
                          render: (d: number, a: ApplicationSummary) =>
                            a.submitted_at ? (
                              <Tooltip title={formatDateTime(a.submitted_at)}>
                                <span className="tabular-nums">{t('applications.ageDays', { days: d })}</span>
                              </Tooltip>
                            ) : (
                              '—'
                            ),
                        },
                        {
                          title: t('applications.cols.intakeDue'),
                          dataIndex: 'intake_due',
                          render: (d: string | null, a: ApplicationSummary) => (
                            <Space size={4}>
                              <span className="tabular-nums">{formatDate(d)}</span>
                              {d && a.status === 'SUBMITTED' && d < new Date().toISOString().slice(0, 10) && (
                                <Tag color="red">{t('applications.overdue')}</Tag>
                              )}
                            </Space>
                          ),
                        },
                      ]
                    : [{ title: t('applications.cols.discharged'), dataIndex: 'discharged_on', render: (d: string) => formatDate(d) }]),
                  { title: t('applications.cols.updated'), dataIndex: 'updated_at', render: (v: string) => formatDateTime(v) },
                ]}
              />
              <Flex gap={8} justify="end">
                {filters.after && (
                  <Button onClick={() => setFilters({ ...filters, after: undefined })}>{t('applications.first')}</Button>
                )}
                {page.data?.next && (
                  <Button onClick={() => setFilters({ ...filters, after: page.data?.next })}>{t('applications.next')}</Button>
                )}
              </Flex>
            </Flex>
          </Card>
        )}
      </Flex>
    </PageContainer>
  );
}
