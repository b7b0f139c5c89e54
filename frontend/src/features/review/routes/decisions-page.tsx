import { PageContainer } from '@ant-design/pro-components';
import { Card, Empty, Flex, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { formatDateTime, formatMoney } from '@/lib/format';
import { useUrlFilters } from '@/lib/url-filters';

import { useReviewDecisions } from '../api/decisions';
import type { Decision } from '../api/types';
import { TallyLine } from '../components/decision-summary';
import { DecisionStatusTag, OutcomeTag } from '../components/tags';
import { useReviewLabels } from '../model/labels';

const STATUSES = ['PROPOSED', 'CONFIRMED', 'RETURNED', ''] as const;

/** 评审决定 (bureau): the panels' decisions, those to confirm first; the filter lives in the address. */
export default function DecisionsPage() {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const [filters, setFilters] = useUrlFilters(['status'] as const);
  // the reviewer's queue by default; `?status=all` shows everything
  const status = filters.status === 'all' ? '' : (filters.status ?? 'PROPOSED');
  const list = useReviewDecisions(status);

  const columns: ColumnsType<Decision> = [
    {
      title: t('review.common.application'),
      dataIndex: 'application_no',
      render: (no: string, d) => (
        <Link to={`/review/decisions/${d.id}`} className="tabular-nums" data-testid="decision-link">
          {no}
        </Link>
      ),
    },
    { title: t('review.common.hospital'), dataIndex: 'hospital_name', ellipsis: true },
    {
      title: t('review.common.round'),
      key: 'round',
      render: (_, d) => (
        <Space size={4}>
          {l.round(d.round)}
          {d.vote_round > 1 && <Tag color="orange">{t('review.panel.voteRound', { round: d.vote_round })}</Tag>}
        </Space>
      ),
    },
    {
      title: t('review.decisions.outcome'),
      key: 'outcome',
      render: (_, d) => (
        <Space size={4} wrap>
          <OutcomeTag outcome={d.outcome} />
          {d.final && <Tag color="purple">{t('review.decisions.final')}</Tag>}
        </Space>
      ),
    },
    { title: t('review.decisions.tally'), key: 'tally', render: (_, d) => <TallyLine tally={d.tally} /> },
    {
      title: t('review.decisions.approvedAmount'),
      key: 'amount',
      align: 'right',
      render: (_, d) => <span className="money">{formatMoney(d.approved_amount)}</span>,
    },
    { title: t('review.common.status'), key: 'status', render: (_, d) => <DecisionStatusTag status={d.status} /> },
    { title: t('review.decisions.createdAt'), key: 'created', render: (_, d) => formatDateTime(d.created_at) },
    {
      title: t('review.common.actions'),
      key: 'open',
      render: (_, d) => <Link to={`/review/decisions/${d.id}`}>{t('review.decisions.open')}</Link>,
    },
  ];

  return (
    <PageContainer
      title={<PageTitle>{t('review.decisions.title')}</PageTitle>}
      content={<Typography.Text type="secondary">{t('review.decisions.intro')}</Typography.Text>}
    >
      <Card style={{ marginBottom: 16 }}>
        <Flex gap={12} align="center">
          <Typography.Text>{t('review.decisions.filter')}</Typography.Text>
          <Segmented
            value={status === '' ? 'all' : status}
            onChange={(v) => setFilters({ status: String(v) === 'PROPOSED' ? undefined : String(v) })}
            options={STATUSES.map((s) => ({ value: s === '' ? 'all' : s, label: s === '' ? t('review.decisions.all') : l.decisionStatus(s) }))}
          />
        </Flex>
      </Card>
      <Card>
        {list.isError ? (
          <ProblemResult error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
        ) : (
          <Table<Decision>
            rowKey="id"
            loading={list.isLoading}
            columns={columns}
            dataSource={list.data ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            data-testid="review-decisions"
            locale={{
              emptyText: (
                <Empty description={t('review.decisions.empty')}>
                  <Typography.Text type="secondary">{t('review.decisions.emptyHint')}</Typography.Text>
                </Empty>
              ),
            }}
          />
        )}
      </Card>
    </PageContainer>
  );
}
