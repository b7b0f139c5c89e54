import { FileAddOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { App, Button, Card, Empty, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { problemOf } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';

import { useDraftReport, useReports, type ReportSummary } from '../api/publication';
import { KindTag } from '../components/kind-tag';
import { periodLabel } from '../model/labels';
import { defaultPeriod, parsePeriod, recentPeriods } from '../model/period';

const ALL = 'all';

/** 情况公示: the region's reports of a half-year (or of all), and the bureau's Draft button. */
export default function PublicationListPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const now = useMemo(() => new Date(), []);
  const asked = params.get('period') ?? '';
  const period = asked === ALL || parsePeriod(asked) ? asked : defaultPeriod(now);
  const reports = useReports(period === ALL ? '' : period);
  const draft = useDraftReport();

  const options = [
    ...recentPeriods(now, 8).map((p) => ({ value: p, label: periodLabel(t, p) })),
    { value: ALL, label: t('publication.allPeriods') },
  ];
  if (period !== ALL && !options.some((o) => o.value === period)) options.unshift({ value: period, label: periodLabel(t, period) });

  const columns: ColumnsType<ReportSummary> = [
    { title: t('publication.period'), dataIndex: 'period', render: (p: string) => periodLabel(t, p) },
    {
      title: t('publication.status'),
      key: 'kind',
      render: (_, r) => (
        <Link to={`/publication/${r.id}`} data-testid={`publication-open-${r.kind}-${r.version}`}>
          <KindTag r={r} />
        </Link>
      ),
    },
    { title: t('publication.columns.discharges'), dataIndex: 'discharges', align: 'right', className: 'tabular-nums' },
    { title: t('publication.columns.submitted'), dataIndex: 'submitted', align: 'right', className: 'tabular-nums' },
    { title: t('publication.columns.approved'), dataIndex: 'approved', align: 'right', className: 'tabular-nums' },
    {
      title: t('publication.when'),
      key: 'at',
      render: (_, r) =>
        r.kind === 'draft'
          ? t('publication.builtBy', { who: r.by, at: formatDateTime(r.at) })
          : t('publication.publishedBy', { who: r.by, at: formatDateTime(r.at) }),
    },
    {
      title: '',
      key: 'open',
      render: (_, r) => <Link to={`/publication/${r.id}`}>{t('publication.view')}</Link>,
    },
  ];

  const onDraft = () => {
    if (period === ALL) return;
    draft.mutateAsync(period).then(
      (d) => {
        void message.success(t('publication.drafted', { revision: d.revision }));
        void navigate(`/publication/${d.id}`);
      },
      (err: unknown) => void message.error(problemOf(err)?.detail ?? String(err)),
    );
  };

  return (
    <PageContainer
      title={<PageTitle>{t('publication.title')}</PageTitle>}
      content={<Typography.Text type="secondary">{t('publication.intro')}</Typography.Text>}
      extra={
        access.canDraftPublication && period !== ALL ? (
          <Button type="primary" icon={<FileAddOutlined />} loading={draft.isPending} onClick={onDraft} data-testid="publication-draft">
            {t('publication.draftFor', { period: periodLabel(t, period) })}
          </Button>
        ) : null
      }
    >
      <Card style={{ marginBottom: 16 }}>
        <Space>
          <Typography.Text>{t('publication.period')}</Typography.Text>
          <Select
            data-testid="publication-period"
            style={{ width: 200 }}
            value={period}
            options={options}
            onChange={(v: string) => setParams(new URLSearchParams({ period: v }))}
          />
        </Space>
      </Card>
      <Card>
        {reports.isError ? (
          <ProblemResult error={reports.error} onRetry={() => void reports.refetch()} />
        ) : (
          <Table
            rowKey="id"
            loading={reports.isLoading}
            columns={columns}
            dataSource={reports.data ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={access.canDraftPublication ? t('publication.emptyBureau') : t('publication.empty')} /> }}
          />
        )}
      </Card>
    </PageContainer>
  );
}
