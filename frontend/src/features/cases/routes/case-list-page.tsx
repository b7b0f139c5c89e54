import { DownloadOutlined, LeftOutlined, RightOutlined, UploadOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Button, Empty, Flex, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { isRegionUser, useAccess } from '@/lib/access';
import { formatDate } from '@/lib/format';
import { useMe } from '@/lib/session';

import { useCasePage } from '../api/list-cases';
import type { CaseSummary } from '../api/types';
import { HospitalFilter } from '../components/hospital-filter';
import { ClassTag, Money, PatientCell, QualityBadge, ReasonTags } from '../components/tags';
import { FIRST_PAGE, hasPrevious, pageNumber, popCursor, pushCursor, type CursorStack } from '../model/cursor-stack';
import { exportHref, filterFromSearch, filterToSearch, normalizeFilter, SORTS, type CaseFilter } from '../model/filters';
import { roundDecimal } from '../model/numbers';
import { OUTLIER_CLASSES, REASONS } from '../model/reasons';

/** The list's pager: keyset pages go 上一页 / 下一页, no page numbers to jump to. */
function Pager({
  stack,
  count,
  next,
  loading,
  onPrev,
  onNext,
}: {
  stack: CursorStack;
  count: number;
  next: string | undefined;
  loading: boolean;
  onPrev: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Flex justify="flex-end" align="center" gap="middle" style={{ paddingTop: 12 }}>
      <Typography.Text type="secondary">{t('cases.list.pageInfo', { page: pageNumber(stack), count })}</Typography.Text>
      <Button icon={<LeftOutlined />} disabled={!hasPrevious(stack) || loading} onClick={onPrev} autoInsertSpace={false}>
        {t('cases.list.prev')}
      </Button>
      <Button disabled={!next || loading} onClick={onNext} autoInsertSpace={false} data-testid="next-page">
        {t('cases.list.next')} <RightOutlined />
      </Button>
    </Flex>
  );
}

/**
 * 病例列表: the hospital's own cases, or the region's for bureau users (who
 * may narrow to one hospital). Filters live in the address; pages are keyset
 * pages walked with a stack of cursors.
 */
export default function CaseListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const access = useAccess();
  const me = useMe().data;
  const regional = isRegionUser(me);
  const [search, setSearch] = useSearchParams();
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const filterKey = filterToSearch(filter).toString();
  // The pages walked through belong to one filter; a new filter starts again at page 1.
  const [paging, setPaging] = useState<{ key: string; stack: CursorStack }>({ key: filterKey, stack: FIRST_PAGE });
  const stack = paging.key === filterKey ? paging.stack : FIRST_PAGE;
  const page = useCasePage(filter, stack.current);
  const rows = page.data?.items ?? [];

  const initialValues = useMemo(
    () => filter,
    // The form reads these once, when it mounts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const submit = (values: Record<string, unknown>) => {
    const next = normalizeFilter({ ...values, quality: values.quality ? 'failed' : undefined } as Partial<Record<keyof CaseFilter, unknown>>);
    setSearch(filterToSearch(next), { replace: true });
  };

  const opt = (values: readonly string[], label: (v: string) => string) =>
    Object.fromEntries(values.map((v) => [v, { text: label(v) }]));

  const columns: ProColumns<CaseSummary>[] = [
    ...(regional
      ? [
          {
            title: t('cases.list.hospital'),
            dataIndex: 'hospital_id',
            hideInTable: true,
            renderFormItem: () => <HospitalFilter />,
          } satisfies ProColumns<CaseSummary>,
        ]
      : []),
    { title: t('cases.list.month'), dataIndex: 'month', valueType: 'dateMonth', hideInTable: true },
    {
      title: t('cases.list.outlier'),
      dataIndex: 'outlier',
      valueType: 'select',
      hideInTable: true,
      valueEnum: opt(OUTLIER_CLASSES, (c) => t(`cases.classes.${c as 'high'}`)),
    },
    {
      title: t('cases.list.reason'),
      dataIndex: 'reason',
      valueType: 'select',
      hideInTable: true,
      valueEnum: { any: { text: t('cases.list.reasonAny') }, ...opt(REASONS, (r) => t(`cases.reasons.${r as 'icu'}`)) },
    },
    { title: t('cases.list.department'), dataIndex: 'department', hideInTable: true, fieldProps: { placeholder: t('cases.list.departmentPlaceholder') } },
    { title: t('cases.list.mdc'), dataIndex: 'mdc', hideInTable: true },
    { title: t('cases.list.drg'), dataIndex: 'drg', hideInTable: true },
    { title: t('cases.list.mrn'), dataIndex: 'mrn', hideInTable: true },
    {
      title: t('cases.list.quality'),
      dataIndex: 'quality',
      valueType: 'checkbox',
      hideInTable: true,
      valueEnum: { failed: { text: t('cases.list.qualityFailed') } },
    },
    {
      title: t('cases.list.sort'),
      tooltip: t('cases.list.sortHint'),
      dataIndex: 'sort',
      valueType: 'select',
      hideInTable: true,
      fieldProps: { allowClear: false },
      initialValue: 'discharged_desc',
      valueEnum: opt(SORTS, (s) => t(`cases.list.sorts.${s as 'cost_desc'}`)),
    },
    {
      title: t('cases.list.colId'),
      key: 'id',
      search: false,
      fixed: 'left',
      width: 170,
      render: (_, c) => (
        <Flex vertical>
          <Link to={`/cases/${encodeURIComponent(c.id)}`} className="tabular-nums" data-testid="case-link">
            {c.settlement_id}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: regional ? c.hospital_name : undefined }}>
            {c.mrn || '—'} · <PatientCell name={c.name_mask} sex={c.sex} age={c.age} />
          </Typography.Text>
        </Flex>
      ),
    },
    ...(regional
      ? [
          {
            title: t('cases.list.hospital'),
            dataIndex: 'hospital_name',
            search: false,
            width: 140,
            ellipsis: true,
          } satisfies ProColumns<CaseSummary>,
        ]
      : []),
    { title: t('cases.list.colDept'), dataIndex: 'discharge_dept', search: false, width: 64 },
    {
      title: t('cases.list.colDischarged'),
      key: 'discharged',
      search: false,
      width: 96,
      render: (_, c) => <span className="tabular-nums">{formatDate(c.discharged_at.slice(0, 10))}</span>,
    },
    { title: t('cases.list.colLos'), dataIndex: 'los', search: false, width: 56, align: 'right' },
    {
      title: t('cases.list.colDx'),
      dataIndex: 'principal_dx',
      search: false,
      width: 104,
      render: (_, c) => <Typography.Text code>{c.principal_dx}</Typography.Text>,
    },
    {
      title: `${t('cases.list.colDrg')} / ${t('cases.list.colWeight')}`,
      key: 'drg',
      search: false,
      width: 190,
      render: (_, c) =>
        c.drg ? (
          <Flex vertical>
            <Typography.Text ellipsis={{ tooltip: c.drg_name }} style={{ maxWidth: 180 }}>
              <Typography.Text strong className="tabular-nums">
                {c.drg}
              </Typography.Text>{' '}
              {c.drg_name}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} className="tabular-nums">
              {t('cases.list.colWeight')} {roundDecimal(c.weight, 4)}
            </Typography.Text>
          </Flex>
        ) : (
          <Typography.Text type="secondary">{c.group_status}</Typography.Text>
        ),
    },
    { title: t('cases.list.colCost'), key: 'cost', search: false, width: 112, align: 'right', render: (_, c) => <Money value={c.total_cost} /> },
    { title: t('cases.list.colStandard'), key: 'std', search: false, width: 112, align: 'right', render: (_, c) => <Money value={c.payment_standard} /> },
    {
      title: t('cases.list.colRatio'),
      key: 'ratio',
      search: false,
      width: 60,
      align: 'right',
      render: (_, c) => <span className="tabular-nums">{roundDecimal(c.cost_ratio, 2)}</span>,
    },
    { title: t('cases.list.colClass'), key: 'class', search: false, width: 76, render: (_, c) => <ClassTag value={c.price_class} /> },
    { title: t('cases.list.colReasons'), key: 'reasons', search: false, width: 120, render: (_, c) => <ReasonTags reasons={c.reasons} /> },
    { title: t('cases.list.colQuality'), key: 'quality_col', search: false, width: 96, render: (_, c) => <QualityBadge errors={c.quality_errors} /> },
  ];

  const toolbar = [
    ...(access.canExportCases
      ? [
          <Button key="export" icon={<DownloadOutlined />} href={exportHref(filter)} autoInsertSpace={false}>
            {t('cases.list.export')}
          </Button>,
        ]
      : []),
    ...(access.canUploadCaseImport
      ? [
          <Button key="import" type="primary" icon={<UploadOutlined />} onClick={() => void navigate('/cases/import')} autoInsertSpace={false}>
            {t('cases.list.import')}
          </Button>,
        ]
      : []),
  ];

  return (
    <PageContainer title={<PageTitle>{t('cases.list.title')}</PageTitle>} content={t('cases.list.description')}>
      {page.isError && page.data === undefined ? (
        <ProblemResult error={page.error} onRetry={() => void page.refetch()} retrying={page.isFetching} />
      ) : (
        <ProTable<CaseSummary>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={page.isFetching}
          pagination={false}
          scroll={{ x: regional ? 1260 : 1120 }}
          search={{ labelWidth: 'auto', defaultCollapsed: true, span: 6 }}
          form={{ initialValues: { ...initialValues, quality: initialValues.quality ? ['failed'] : undefined } }}
          dateFormatter="string"
          onSubmit={submit}
          onReset={() => setSearch(new URLSearchParams(), { replace: true })}
          options={{ reload: () => void page.refetch(), density: false, setting: false }}
          toolBarRender={() => toolbar}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.list.empty')}>
                {access.canUploadCaseImport && <Link to="/cases/import">{t('cases.list.emptyAction')}</Link>}
              </Empty>
            ),
          }}
          footer={() => (
            <Pager
              stack={stack}
              count={rows.length}
              next={page.data?.next}
              loading={page.isFetching}
              onPrev={() => setPaging({ key: filterKey, stack: popCursor(stack) })}
              onNext={() => page.data?.next && setPaging({ key: filterKey, stack: pushCursor(stack, page.data.next) })}
            />
          )}
        />
      )}
    </PageContainer>
  );
}
