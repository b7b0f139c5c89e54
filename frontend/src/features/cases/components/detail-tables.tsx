import { Empty, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { formatDateTime } from '@/lib/format';

import type { CaseVersion, Diagnosis, FeeItem, Finding, IcuStay, Procedure } from '../api/types';

import { Money } from './tags';

const empty = (text: string) => ({ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} /> });

export function DiagnosesTable({ rows }: { rows: readonly Diagnosis[] }) {
  const { t } = useTranslation();
  const cond = (c?: string) =>
    c && ['1', '2', '3', '4'].includes(c) ? `${c} ${t(`cases.detail.conditions.${c as '1' | '2' | '3' | '4'}`)}` : (c ?? '—');
  const columns: TableColumnsType<Diagnosis & { i: number }> = [
    {
      title: t('cases.detail.code'),
      dataIndex: 'diag_code',
      width: 160,
      render: (v: string, r) => (
        <Flex gap={6} align="center">
          <Typography.Text code>{v}</Typography.Text>
          {r.i === 0 && <Tag color="blue">{t('cases.detail.principal')}</Tag>}
        </Flex>
      ),
    },
    { title: t('cases.detail.name'), dataIndex: 'diag_name' },
    { title: t('cases.detail.condition'), dataIndex: 'adm_cond_type', width: 140, render: (v?: string) => cond(v) },
  ];
  return (
    <Table size="small" rowKey="i" pagination={false} columns={columns} dataSource={rows.map((r, i) => ({ ...r, i }))} />
  );
}

export function ProceduresTable({ rows }: { rows: readonly Procedure[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Procedure & { i: number }> = [
    {
      title: t('cases.detail.code'),
      dataIndex: 'oprn_oprt_code',
      width: 160,
      render: (v: string, r) => (
        <Flex gap={6} align="center">
          <Typography.Text code>{v}</Typography.Text>
          {r.i === 0 && <Tag color="blue">{t('cases.detail.principal')}</Tag>}
        </Flex>
      ),
    },
    { title: t('cases.detail.name'), dataIndex: 'oprn_oprt_name' },
    { title: t('cases.detail.date'), dataIndex: 'oprn_oprt_date', width: 160, render: (v?: string) => formatDateTime(v) },
  ];
  return (
    <Table
      size="small"
      rowKey="i"
      pagination={false}
      columns={columns}
      dataSource={rows.map((r, i) => ({ ...r, i }))}
      locale={empty(t('cases.detail.noProcedures'))}
    />
  );
}

export function IcuTable({ rows }: { rows: readonly IcuStay[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<IcuStay & { i: number }> = [
    { title: t('cases.detail.wardType'), dataIndex: 'scs_cutd_ward_type', width: 120 },
    { title: t('cases.detail.icuIn'), dataIndex: 'scs_cutd_inpool_time', render: (v?: string) => formatDateTime(v) },
    { title: t('cases.detail.icuOut'), dataIndex: 'scs_cutd_exit_time', render: (v?: string) => formatDateTime(v) },
  ];
  return (
    <Table
      size="small"
      rowKey="i"
      pagination={false}
      columns={columns}
      dataSource={rows.map((r, i) => ({ ...r, i }))}
      locale={empty(t('cases.detail.noIcu'))}
    />
  );
}

export function FeeItemsTable({ rows, categoryName }: { rows: readonly FeeItem[]; categoryName: (code: string) => string }) {
  const { t } = useTranslation();
  const level = (lv?: number) => (lv === 1 || lv === 2 || lv === 3 ? t(`cases.detail.levels.${String(lv) as '1' | '2' | '3'}`) : '—');
  const right = { align: 'right' as const };
  const columns: TableColumnsType<FeeItem & { i: number }> = [
    { title: t('cases.detail.itemCode'), dataIndex: 'med_list_codg', width: 170, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    {
      title: t('cases.detail.itemName'),
      dataIndex: 'medins_list_name',
      render: (v: string, r) => (
        <span>
          {v} {r.new_item && <Tag color="purple">{t('cases.detail.newItem')}</Tag>}
        </span>
      ),
    },
    { title: t('cases.detail.itemCategory'), dataIndex: 'med_chrgitm_type', width: 120, render: (v: string) => `${v} ${categoryName(v)}` },
    { title: t('cases.detail.itemLevel'), dataIndex: 'chrgitm_lv', width: 64, render: level },
    { title: t('cases.detail.selfPayRatio'), dataIndex: 'selfpay_prop', width: 90, ...right, render: (v?: string) => <span className="tabular-nums">{v ?? '—'}</span> },
    { title: t('cases.detail.quantity'), dataIndex: 'cnt', width: 80, ...right, render: (v?: string) => <span className="tabular-nums">{v ?? '—'}</span> },
    { title: t('cases.detail.price'), dataIndex: 'pric', width: 120, ...right, render: (v?: string) => <Money value={v} /> },
    { title: t('cases.detail.amount'), dataIndex: 'det_item_fee_sumamt', width: 130, ...right, render: (v?: string) => <Money value={v} /> },
  ];
  return (
    <Table
      size="small"
      rowKey="i"
      columns={columns}
      dataSource={rows.map((r, i) => ({ ...r, i }))}
      pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true, showSizeChanger: false }}
      locale={empty(t('cases.detail.noItems'))}
    />
  );
}

const SEVERITY_COLOR: Record<string, string> = { error: 'red', warning: 'orange', info: 'blue' };

export function FindingsTable({ rows }: { rows: readonly Finding[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Finding & { i: number }> = [
    {
      title: t('cases.detail.severity'),
      dataIndex: 'severity',
      width: 80,
      render: (v: string) => (
        <Tag color={SEVERITY_COLOR[v] ?? 'default'}>
          {['error', 'warning', 'info'].includes(v) ? t(`cases.detail.severities.${v as 'error' | 'warning' | 'info'}`) : v}
        </Tag>
      ),
    },
    { title: t('cases.detail.findingRule'), dataIndex: 'rule', width: 140, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('cases.detail.findingField'), dataIndex: 'field', width: 160, render: (v: string) => v || '—' },
    { title: t('cases.detail.findingMessage'), dataIndex: 'message' },
  ];
  return (
    <Table
      size="small"
      rowKey="i"
      pagination={false}
      columns={columns}
      dataSource={rows.map((r, i) => ({ ...r, i }))}
      locale={empty(t('cases.detail.noFindings'))}
    />
  );
}

export function VersionsTable({ rows, currentId }: { rows: readonly CaseVersion[]; currentId: string }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<CaseVersion> = [
    {
      title: t('cases.detail.versionNo'),
      dataIndex: 'version',
      width: 120,
      render: (v: number, r) =>
        r.id === currentId ? (
          <Typography.Text strong>{t('cases.detail.version', { version: v })}</Typography.Text>
        ) : (
          <Link to={`/cases/${encodeURIComponent(r.id)}`}>{t('cases.detail.version', { version: v })}</Link>
        ),
    },
    { title: 'ID', dataIndex: 'id', width: 90, render: (v: string) => <Link to={`/cases/${encodeURIComponent(v)}`}>{v}</Link> },
    { title: t('cases.detail.current'), dataIndex: 'current', width: 80, render: (v: boolean) => (v ? <Tag color="green">{t('cases.detail.current')}</Tag> : '') },
    { title: 'DRG', dataIndex: 'drg', width: 90 },
    { title: t('cases.detail.totalCost'), dataIndex: 'total_cost', align: 'right', width: 140, render: (v: string) => <Money value={v} /> },
    { title: t('cases.detail.importedAt'), dataIndex: 'created_at', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: t('cases.detail.importId'),
      dataIndex: 'import_id',
      render: (v: string) => (v ? <Link to={`/cases/import?id=${encodeURIComponent(v)}`}>{v.slice(0, 8)}…</Link> : '—'),
    },
  ];
  return <Table size="small" rowKey="id" pagination={false} columns={columns} dataSource={[...rows]} />;
}
