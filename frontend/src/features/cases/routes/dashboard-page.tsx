import { PageContainer } from '@ant-design/pro-components';
import { Alert, Card, DatePicker, Empty, Flex, Form, Skeleton, Table, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { isRegionUser } from '@/lib/access';
import { formatMoney } from '@/lib/format';
import { useMe } from '@/lib/session';

import { HospitalFilter } from '../components/hospital-filter';
import { useDashboard } from '../api/get-dashboard';
import type { MonthStats } from '../api/types';
import { TrendBars } from '../components/bar-list';
import { Money } from '../components/tags';
import { listHref } from '../model/filters';
import { defaultRange, isMonth, monthSpan } from '../model/months';
import { formatPercent, roundDecimal } from '../model/numbers';

const MAX_MONTHS = 24;

/**
 * 月度看板: one row per discharge month — cases, CMI, time and cost indices,
 * outliers, candidates, quality rate and money — with small trend bars above.
 * The range defaults to the 12 months ending this month and lives in the address.
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  const regional = isRegionUser(useMe().data);
  const [search, setSearch] = useSearchParams();
  const def = useMemo(() => defaultRange(), []);
  const from = isMonth(search.get('from')) ? (search.get('from') as string) : def.from;
  const to = isMonth(search.get('to')) ? (search.get('to') as string) : def.to;
  const hospitalId = search.get('hospital_id') ?? undefined;
  const span = monthSpan(from, to);
  const valid = span > 0 && span <= MAX_MONTHS;
  const query = useDashboard({ from, to, hospitalId }, valid);
  const months = query.data?.months ?? [];

  const set = (values: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(values)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSearch(next, { replace: true });
  };

  const link = (m: MonthStats, extra: Record<string, string> = {}) =>
    listHref({ month: m.month, ...(hospitalId ? { hospital_id: hospitalId } : {}), ...extra });
  const right = { align: 'right' as const };
  const columns: TableColumnsType<MonthStats> = [
    { title: t('cases.dashboard.month'), dataIndex: 'month', width: 90, render: (v: string, m) => <Link to={link(m)}>{v}</Link> },
    { title: t('cases.dashboard.cases'), dataIndex: 'cases', width: 80, ...right },
    { title: t('cases.dashboard.cmi'), dataIndex: 'cmi', width: 80, ...right, render: (v: string) => <span className="tabular-nums">{roundDecimal(v, 4)}</span> },
    { title: t('cases.dashboard.timeIndex'), dataIndex: 'time_index', width: 110, ...right, render: (v: string) => <span className="tabular-nums">{roundDecimal(v, 4)}</span> },
    { title: t('cases.dashboard.costIndex'), dataIndex: 'cost_index', width: 110, ...right, render: (v: string) => <span className="tabular-nums">{roundDecimal(v, 4)}</span> },
    { title: t('cases.dashboard.high'), dataIndex: 'high', width: 80, ...right, render: (v: number, m) => (v > 0 ? <Link to={link(m, { outlier: 'high' })}>{v}</Link> : v) },
    { title: t('cases.dashboard.low'), dataIndex: 'low', width: 80, ...right, render: (v: number, m) => (v > 0 ? <Link to={link(m, { outlier: 'low' })}>{v}</Link> : v) },
    { title: t('cases.dashboard.candidates'), dataIndex: 'candidates', width: 90, ...right, render: (v: number, m) => (v > 0 ? <Link to={link(m, { reason: 'any' })}>{v}</Link> : v) },
    { title: t('cases.dashboard.qualityRate'), dataIndex: 'quality_rate', width: 100, ...right, render: (v: string) => <span className="tabular-nums">{formatPercent(v)}</span> },
    { title: t('cases.dashboard.totalCost'), dataIndex: 'total_cost', width: 140, ...right, render: (v: string) => <Money value={v} /> },
    { title: t('cases.dashboard.drgPayment'), dataIndex: 'drg_payment', width: 140, ...right, render: (v: string) => <Money value={v} /> },
  ];

  const trends: { key: string; label: string; color: string; value: (m: MonthStats) => string; text: (m: MonthStats) => string }[] = [
    { key: 'cases', label: t('cases.dashboard.cases'), color: '#1677ff', value: (m) => String(m.cases), text: (m) => String(m.cases) },
    { key: 'cmi', label: t('cases.dashboard.cmi'), color: '#13c2c2', value: (m) => m.cmi, text: (m) => roundDecimal(m.cmi, 4) },
    { key: 'high', label: t('cases.dashboard.high'), color: '#f5222d', value: (m) => String(m.high), text: (m) => String(m.high) },
    { key: 'candidates', label: t('cases.dashboard.candidates'), color: '#722ed1', value: (m) => String(m.candidates), text: (m) => String(m.candidates) },
    { key: 'cost', label: t('cases.dashboard.totalCost'), color: '#fa8c16', value: (m) => m.total_cost, text: (m) => formatMoney(m.total_cost) },
  ];

  return (
    <PageContainer title={<PageTitle>{t('cases.dashboard.title')}</PageTitle>} content={t('cases.dashboard.description')}>
      <Flex vertical gap={16}>
        <Card size="small">
          <Form layout="inline">
            <Form.Item label={t('cases.dashboard.range')} validateStatus={valid ? undefined : 'error'} help={valid ? undefined : t('cases.dashboard.tooLong')}>
              <DatePicker.RangePicker
                picker="month"
                allowClear={false}
                value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
                onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format('YYYY-MM'), to: v[1].format('YYYY-MM') })}
              />
            </Form.Item>
            {regional && (
              <Form.Item label={t('cases.dashboard.hospital')}>
                <HospitalFilter
                  value={hospitalId}
                  onChange={(v) => set({ hospital_id: v })}
                  placeholder={t('cases.dashboard.allHospitals')}
                  style={{ width: 320 }}
                />
              </Form.Item>
            )}
          </Form>
        </Card>
        {!valid ? (
          <Alert type="warning" showIcon message={t('cases.dashboard.tooLong')} />
        ) : query.isError ? (
          <ProblemResult error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
        ) : query.data === undefined ? (
          <Card>
            <Skeleton active paragraph={{ rows: 6 }} />
          </Card>
        ) : months.length === 0 ? (
          <Card>
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.dashboard.empty')} />
          </Card>
        ) : (
          <>
            <Card size="small" title={t('cases.dashboard.trend')}>
              <Flex gap={40} wrap>
                {trends.map((tr) => (
                  <Flex key={tr.key} vertical gap={4}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {tr.label}
                    </Typography.Text>
                    <TrendBars
                      label={tr.label}
                      color={tr.color}
                      points={months.map((m) => ({ key: m.month, value: tr.value(m), title: `${m.month}: ${tr.text(m)}` }))}
                    />
                  </Flex>
                ))}
              </Flex>
            </Card>
            <Card size="small">
              <Table size="small" rowKey="month" columns={columns} dataSource={months} pagination={false} loading={query.isFetching} data-testid="dashboard-table" />
            </Card>
          </>
        )}
      </Flex>
    </PageContainer>
  );
}
