import { DownloadOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { problemOf } from '@/lib/form-errors';
import { formatDateTime, formatMoney } from '@/lib/format';

import { reportFileUrl, useDraftReport, usePublishReport, useReport, type ReportDetail } from '../api/publication';
import { KindTag } from '../components/kind-tag';
import { ReportChart } from '../components/report-chart';
import { ReportTable } from '../components/report-table';
import { periodLabel } from '../model/labels';

/** One report: a published version (everyone of the region) or the bureau's draft, with its table and chart. */
export default function PublicationReportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const report = useReport(id);
  const d = report.data;
  const back = () => void navigate(d ? `/publication?period=${d.period}` : '/publication');

  if (report.isError) {
    return (
      <PageContainer title={<PageTitle>{t('publication.title')}</PageTitle>} onBack={back}>
        <ProblemResult error={report.error} onRetry={() => void report.refetch()} />
      </PageContainer>
    );
  }
  return (
    <PageContainer
      loading={report.isLoading}
      onBack={back}
      title={
        d ? (
          <PageTitle>{t('publication.reportTitle', { region: d.report.region_name, period: periodLabel(t, d.period) })}</PageTitle>
        ) : undefined
      }
      tags={d ? <KindTag r={d} /> : undefined}
      extra={d ? <Actions d={d} /> : undefined}
    >
      {d ? <Body d={d} /> : null}
    </PageContainer>
  );
}

function Body({ d }: { d: ReportDetail }) {
  const { t } = useTranslation();
  const r = d.report;
  const tot = r.totals;
  const decided = tot.approved + tot.rejected;
  const rate = decided > 0 ? `${((100 * tot.approved) / decided).toFixed(1)} %` : '—';
  const q = r.quota;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {d.kind === 'draft' ? (
        <Alert
          type={d.published_as > 0 ? 'success' : 'info'}
          showIcon
          message={d.published_as > 0 ? t('publication.alreadyPublished', { version: d.published_as }) : t('publication.draftNotice')}
        />
      ) : null}
      {d.kind === 'published' && d.latest_version > d.version ? (
        <Alert type="warning" showIcon message={t('publication.newerVersion', { version: d.latest_version })} />
      ) : null}
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('publication.columns.submitted')} value={tot.submitted} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('publication.columns.approved')} value={tot.approved} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('publication.approvalRate')} value={rate} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('publication.columns.approved_amount')} value={formatMoney(tot.approved_amount)} />
          </Card>
        </Col>
      </Row>
      <Card title={t('publication.chart.title')}>
        <ReportChart report={r} />
      </Card>
      <Card title={t('publication.tableTitle')}>
        <ReportTable report={r} />
      </Card>
      <Card title={t('publication.about')}>
        <Descriptions bordered size="small" column={2}>
          <Descriptions.Item label={t('publication.period')}>{`${periodLabel(t, d.period)}（${r.from} ~ ${r.to}）`}</Descriptions.Item>
          <Descriptions.Item label={t('publication.basis')}>{t('publication.basisSubmitted')}</Descriptions.Item>
          <Descriptions.Item label={d.kind === 'draft' ? t('publication.builtAt') : t('publication.publishedAt')}>
            {`${d.by} ${formatDateTime(d.at)}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('publication.readAt')}>{formatDateTime(r.built_at)}</Descriptions.Item>
          <Descriptions.Item label={t('publication.quotaRule')} span={2}>
            {t('publication.quotaRuleText', {
              rate: q.rate,
              scope: t(`publication.quotaScope.${q.scope === 'hospital' ? 'hospital' : 'region'}`),
              period: t(`publication.quotaPeriod.${q.period}`, { defaultValue: q.period }),
              asOf: q.as_of,
            })}
          </Descriptions.Item>
          <Descriptions.Item label="SHA-256" span={2}>
            <Typography.Text copyable code className="tabular-nums" style={{ wordBreak: 'break-all' }}>
              {d.sha256}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        <ul style={{ marginTop: 16, marginBottom: 0 }}>
          {(r.notes ?? []).map((n) => (
            <li key={n.key}>
              <Typography.Text type="secondary">{n.text}</Typography.Text>
            </li>
          ))}
        </ul>
      </Card>
    </Space>
  );
}

function Actions({ d }: { d: ReportDetail }) {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const draft = useDraftReport();
  const publish = usePublishReport();
  const fail = (err: unknown) => void message.error(problemOf(err)?.detail ?? String(err));
  const buttons = [];
  if (d.kind === 'draft' && access.canDraftPublication) {
    buttons.push(
      <Button
        key="redraft"
        icon={<ReloadOutlined />}
        loading={draft.isPending}
        data-testid="publication-redraft"
        onClick={() =>
          draft.mutateAsync(d.period).then((n) => void message.success(t('publication.drafted', { revision: n.revision })), fail)
        }
      >
        {t('publication.redraft')}
      </Button>,
    );
  }
  if (d.kind === 'draft' && d.published_as === 0 && access.canPublishPublication) {
    buttons.push(
      <Button
        key="publish"
        type="primary"
        icon={<SendOutlined />}
        loading={publish.isPending}
        data-testid="publication-publish"
        onClick={() =>
          modal.confirm({
            title: t('publication.publishConfirm', { period: periodLabel(t, d.period) }),
            content: t('publication.publishEffect', { version: d.latest_version + 1 }),
            okText: t('publication.publish'),
            cancelText: t('common.cancel'),
            onOk: () =>
              publish.mutateAsync({ id: d.id, revision: d.revision }).then((v) => {
                void message.success(t('publication.published', { version: v.version }));
                void navigate(`/publication/${v.id}`);
              }, fail),
          })
        }
      >
        {t('publication.publish')}
      </Button>,
    );
  }
  buttons.push(
    <Button key="xlsx" icon={<DownloadOutlined />} href={reportFileUrl(d.id, 'xlsx')} data-testid="publication-xlsx">
      {t('publication.downloadXlsx')}
    </Button>,
    <Button key="pdf" icon={<DownloadOutlined />} href={reportFileUrl(d.id, 'pdf')} data-testid="publication-pdf">
      {t('publication.downloadPdf')}
    </Button>,
  );
  return <Space wrap>{buttons}</Space>;
}
