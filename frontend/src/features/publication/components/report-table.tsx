import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';

import { formatMoney } from '@/lib/format';

import type { Report, ReportRow } from '../api/publication';

const COUNTS = [
  'discharges',
  'submitted',
  'accepted',
  'approved_item_based',
  'approved_adjusted_standard',
  'approved',
  'rejected',
  'rejected_at_intake',
  'withdrawn',
  'pending',
] as const;

function quota(r: ReportRow): string {
  return r.quota_cap === null || r.quota_cap === undefined ? `${r.quota_used} / —` : `${r.quota_used} / ${r.quota_cap}`;
}

/** The publication's table: one row per hospital and the region's totals. */
export function ReportTable({ report }: { report: Report }) {
  const { t } = useTranslation();
  const columns: ColumnsType<ReportRow> = [
    {
      title: t('publication.columns.hospital'),
      key: 'hospital',
      fixed: 'left',
      width: 220,
      render: (_, r) => (
        <span>
          <Typography.Text>{r.hospital_name}</Typography.Text>
          <br />
          <Typography.Text type="secondary" className="tabular-nums" style={{ fontSize: 12 }}>
            {r.hospital_code}
          </Typography.Text>
        </span>
      ),
    },
    ...COUNTS.map((k) => ({
      title: t(`publication.columns.${k}`),
      dataIndex: k,
      align: 'right' as const,
      className: 'tabular-nums',
    })),
    { title: t('publication.columns.quota'), key: 'quota', align: 'right', className: 'tabular-nums', render: (_, r) => quota(r) },
    {
      title: t('publication.columns.approved_amount'),
      dataIndex: 'approved_amount',
      align: 'right',
      className: 'tabular-nums',
      render: (v: string) => formatMoney(v),
    },
    {
      title: t('publication.columns.deductions'),
      dataIndex: 'deductions',
      align: 'right',
      className: 'tabular-nums',
      render: (v: string) => formatMoney(v),
    },
  ];
  const tot = report.totals;
  return (
    <Table<ReportRow>
      data-testid="publication-table"
      rowKey={(r) => r.hospital_id ?? r.hospital_name}
      size="small"
      bordered
      columns={columns}
      dataSource={report.hospitals ?? []}
      pagination={false}
      scroll={{ x: 1500 }}
      summary={() => (
        <Table.Summary fixed="bottom">
          <Table.Summary.Row data-testid="publication-totals">
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('publication.totals')}</Typography.Text>
            </Table.Summary.Cell>
            {COUNTS.map((k, i) => (
              <Table.Summary.Cell key={k} index={i + 1} align="right" className="tabular-nums">
                <Typography.Text strong>{tot[k]}</Typography.Text>
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={COUNTS.length + 1} align="right" className="tabular-nums">
              <Typography.Text strong>{quota(tot)}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={COUNTS.length + 2} align="right" className="tabular-nums">
              <Typography.Text strong>{formatMoney(tot.approved_amount)}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={COUNTS.length + 3} align="right" className="tabular-nums">
              <Typography.Text strong>{formatMoney(tot.deductions)}</Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}
