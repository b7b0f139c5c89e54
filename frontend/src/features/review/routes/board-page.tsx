import { PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { App, Button, Card, Empty, Flex, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { formatDate, formatDateTime } from '@/lib/format';
import { useUrlFilters } from '@/lib/url-filters';

import { useReviewBoard, useReviewCycles } from '../api/panels';
import type { BoardRow } from '../api/types';
import { CycleModal } from '../components/cycle-modal';
import { DrawModal } from '../components/draw-modal';
import { DecisionStatusTag, PanelStatusTag, TypeTags } from '../components/tags';
import { drawAction, isPast } from '../model/board';
import { useReviewLabels } from '../model/labels';

/**
 * 专家评审看板: the applications waiting for a panel and the panels under
 * way (of a cycle, or all), with the 抽取专家 button where a draw is due.
 */
export default function BoardPage() {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const access = useAccess();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [filters, setFilters] = useUrlFilters(['cycle'] as const);
  const cycleId = filters.cycle ?? '';
  const cycles = useReviewCycles();
  const board = useReviewBoard(cycleId);
  const [opening, setOpening] = useState(false);
  const [drawing, setDrawing] = useState<BoardRow | null>(null);

  const buttonLabel = (row: BoardRow) => {
    const a = drawAction(row);
    return a === 'appeal' ? t('review.board.appealDraw') : a === 'more' ? t('review.board.drawMore') : t('review.board.draw');
  };

  const columns: ColumnsType<BoardRow> = [
    {
      title: t('review.common.application'),
      dataIndex: 'no',
      render: (no: string, r) =>
        access.canGetApplication ? (
          <Link to={`/applications/${r.application_id}`} className="tabular-nums">
            {no}
          </Link>
        ) : (
          <span className="tabular-nums">{no}</span>
        ),
    },
    { title: t('review.common.hospital'), dataIndex: 'hospital_name', ellipsis: true },
    { title: t('review.common.types'), key: 'types', render: (_, r) => <TypeTags types={r.types} /> },
    {
      title: t('review.common.status'),
      key: 'status',
      render: (_, r) => <Tag color={r.status === 'APPEALED' ? 'orange' : r.status === 'ACCEPTED' ? 'orange' : 'blue'}>{l.applicationStatus(r.status)}</Tag>,
    },
    {
      title: t('review.common.mdc'),
      dataIndex: 'mdc',
      render: (mdc: string) => <span title={mdc ? l.mdcName(mdc) : undefined}>{mdc || '—'}</span>,
    },
    {
      title: t('review.common.panel'),
      key: 'panel',
      render: (_, r) =>
        r.panel ? (
          <Space size={4} wrap>
            <PanelStatusTag status={r.panel.status} />
            <Typography.Text type="secondary">{l.round(r.panel.round)}</Typography.Text>
            {r.panel.decision_status ? <DecisionStatusTag status={r.panel.decision_status} /> : null}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('review.board.noPanel')}</Typography.Text>
        ),
    },
    {
      title: t('review.board.progress'),
      key: 'progress',
      render: (_, r) =>
        r.panel ? (
          <span className="tabular-nums" data-testid="panel-progress">
            {t('review.board.counts', { invited: r.panel.invited, accepted: r.panel.accepted, size: r.panel.size, voted: r.panel.voted })}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('review.common.voteDue'),
      key: 'due',
      render: (_, r) =>
        r.panel?.vote_due ? (
          <Space size={4}>
            <span title={formatDateTime(r.panel.vote_due)}>{formatDate(r.panel.vote_due)}</span>
            {r.panel.status === 'VOTING' && isPast(r.panel.vote_due) && <Tag color="red">{t('review.common.overdue')}</Tag>}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('review.common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space size={4} wrap>
          {drawAction(r) && access.canPreviewReviewDraw && access.canDrawReviewPanel && (
            <Button size="small" type="primary" data-testid="draw-button" onClick={() => setDrawing(r)}>
              {buttonLabel(r)}
            </Button>
          )}
          {r.panel && access.canGetReviewPanel && (
            <Link to={`/review/panels/${r.panel.id}`} data-testid="panel-link">
              {t('review.board.openPanel')}
            </Link>
          )}
          {r.panel?.decision_id && access.canGetReviewDecision && (
            <Link to={`/review/decisions/${r.panel.decision_id}`}>{t('review.board.openDecision')}</Link>
          )}
        </Space>
      ),
    },
  ];

  const cycleOptions = [
    { value: '', label: t('review.board.allOpen') },
    ...(cycles.data ?? []).map((c) => ({
      value: c.id,
      label: `${c.name}（${l.cadence(c.cadence)}，${t('review.board.cycleRange', { from: c.starts_on, to: c.ends_on })}）`,
    })),
  ];
  const cycle = board.data?.cycle;
  return (
    <PageContainer
      title={<PageTitle>{t('review.board.title')}</PageTitle>}
      content={<Typography.Text type="secondary">{t('review.board.intro')}</Typography.Text>}
      extra={
        access.canOpenReviewCycle ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)} data-testid="open-cycle">
            {t('review.board.openCycle')}
          </Button>
        ) : null
      }
    >
      <Card style={{ marginBottom: 16 }}>
        <Flex gap={12} align="center" wrap>
          <Typography.Text>{t('review.board.cycle')}</Typography.Text>
          <Select
            style={{ minWidth: 360 }}
            value={cycleId}
            loading={cycles.isLoading}
            options={cycleOptions}
            onChange={(v: string) => setFilters({ cycle: v })}
            data-testid="cycle-select"
            aria-label={t('review.board.cycle')}
          />
          {cycle && (
            <Space size={4}>
              <Tag color={cycle.status === 'OPEN' ? 'blue' : 'default'}>{l.cycleStatus(cycle.status)}</Tag>
              <Typography.Text type="secondary">{t('review.board.cyclePanels', { count: cycle.panels })}</Typography.Text>
            </Space>
          )}
        </Flex>
      </Card>
      <Card>
        {board.isError ? (
          <ProblemResult error={board.error} onRetry={() => void board.refetch()} retrying={board.isFetching} />
        ) : (
          <Table<BoardRow>
            rowKey="application_id"
            loading={board.isLoading}
            columns={columns}
            dataSource={board.data?.rows ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            data-testid="review-board"
            locale={{
              emptyText: (
                <Empty description={t('review.board.empty')}>
                  <Typography.Text type="secondary">{t('review.board.emptyHint')}</Typography.Text>
                </Empty>
              ),
            }}
          />
        )}
      </Card>
      <CycleModal
        open={opening}
        onClose={() => setOpening(false)}
        onOpened={(c) => {
          setOpening(false);
          void message.success(t('review.cycleForm.opened', { name: c.name }));
          setFilters({ cycle: c.id });
        }}
      />
      <DrawModal
        row={drawing}
        action={drawing ? drawAction(drawing) : undefined}
        cycleId={cycleId}
        onClose={() => setDrawing(null)}
        onDrawn={(p) => {
          setDrawing(null);
          void navigate(`/review/panels/${p.id}`);
        }}
      />
    </PageContainer>
  );
}
