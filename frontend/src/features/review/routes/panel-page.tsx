import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Descriptions, Flex, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { formatDateTime } from '@/lib/format';

import { useReviewPanel } from '../api/panels';
import type { DrawSummary, Member } from '../api/types';
import { DecisionSummary } from '../components/decision-summary';
import { DrawRecordModal } from '../components/draw-record-modal';
import { MemberStatusTag, PanelStatusTag, SpecialtyTags } from '../components/tags';
import { VotesSideBySide } from '../components/votes-side-by-side';
import { isPast } from '../model/board';
import { useReviewLabels } from '../model/labels';

/**
 * 评审组 (bureau): the members with their letters and answers, who has voted
 * (never how) while the panel votes, the votes side by side once it has
 * closed, the decision, and every draw with its seed for replay.
 */
export default function PanelPage() {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const access = useAccess();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const panel = useReviewPanel(id);
  const [seedOf, setSeedOf] = useState('');
  const p = panel.data;

  if (panel.isError) {
    return (
      <PageContainer title={<PageTitle>{t('review.panel.title')}</PageTitle>} onBack={() => void navigate('/review')}>
        <ProblemResult error={panel.error} onRetry={() => void panel.refetch()} retrying={panel.isFetching} />
      </PageContainer>
    );
  }
  if (!p) {
    return (
      <PageContainer title={<PageTitle>{t('review.panel.title')}</PageTitle>}>
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PageContainer>
    );
  }
  const closed = p.status === 'CLOSED' || p.status === 'CONFIRMED';
  const members = p.members ?? [];
  const seated = members.filter((m) => m.status === 'ACCEPTED' || m.status === 'INVITED');
  const votedLetters = new Set((p.votes ?? []).map((v) => v.letter));
  const missing = closed ? seated.filter((m) => m.status === 'ACCEPTED' && !votedLetters.has(m.letter)).map((m) => m.letter) : [];
  return (
    <PageContainer
      onBack={() => void navigate('/review')}
      title={
        <PageTitle>
          {t('review.panel.title')} · {t('review.panel.appTitle', { no: p.application_no })}
        </PageTitle>
      }
      subTitle={
        <Space size={4} wrap>
          <PanelStatusTag status={p.status} />
          <Tag>{l.round(p.round)}</Tag>
          {p.vote_round > 1 && <Tag color="orange">{t('review.panel.voteRound', { round: p.vote_round })}</Tag>}
        </Space>
      }
      content={
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('review.common.application')}>
            {access.canGetApplication ? (
              <Link to={`/applications/${p.application_id}`} className="tabular-nums">
                {p.application_no}
              </Link>
            ) : (
              p.application_no
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('review.common.hospital')}>{p.hospital_name}</Descriptions.Item>
          <Descriptions.Item label={t('review.common.mdc')}>{l.mdc(p.mdc)}</Descriptions.Item>
          <Descriptions.Item label={t('review.common.voteDue')}>
            <Space size={4}>
              {formatDateTime(p.vote_due)}
              {p.status === 'VOTING' && isPast(p.vote_due) && <Tag color="red">{t('review.common.overdue')}</Tag>}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      }
    >
      <Flex vertical gap={16}>
        {p.returned && p.return_reason && <Alert type="warning" showIcon message={t('review.panel.returned', { reason: p.return_reason })} />}
        <Card size="small" title={t('review.panel.members')} extra={!closed && <Typography.Text type="secondary">{t('review.panel.sealed')}</Typography.Text>}>
          <Table<Member>
            size="small"
            rowKey="user_id"
            pagination={false}
            dataSource={members}
            data-testid="panel-members"
            columns={[
              { title: t('review.panel.letter'), dataIndex: 'letter', width: 80, render: (x: string) => <Typography.Text strong>{x}</Typography.Text> },
              { title: t('review.panel.name'), dataIndex: 'name' },
              { title: t('review.panel.memberStatus'), key: 'status', render: (_, m) => <MemberStatusTag status={m.status} /> },
              { title: t('review.common.respondDue'), key: 'due', render: (_, m) => formatDateTime(m.respond_due) },
              { title: t('review.panel.respondedAt'), key: 'at', render: (_, m) => formatDateTime(m.responded_at) },
              { title: t('review.common.reason'), dataIndex: 'reason', ellipsis: true, render: (r: string) => r || '—' },
              {
                title: t('review.panel.voted'),
                key: 'voted',
                render: (_, m) =>
                  m.status !== 'ACCEPTED' ? (
                    '—'
                  ) : m.voted ? (
                    <Tag color="green" data-testid="member-voted">
                      {t('review.panel.voted')}
                    </Tag>
                  ) : (
                    <Tag>{t('review.panel.notVoted')}</Tag>
                  ),
              },
            ]}
          />
        </Card>
        <Card size="small" title={t('review.panel.votes')}>
          {closed ? (
            <VotesSideBySide votes={p.votes} missing={missing} />
          ) : (
            <Typography.Text type="secondary">{t('review.panel.votesHidden')}</Typography.Text>
          )}
        </Card>
        {p.decision && (
          <Card
            size="small"
            title={t('review.panel.decision')}
            extra={
              access.canGetReviewDecision && (
                <Link to={`/review/decisions/${p.decision.id}`} data-testid="panel-decision-link">
                  {t('review.panel.viewDecision')}
                </Link>
              )
            }
          >
            <DecisionSummary d={p.decision} />
          </Card>
        )}
        <Card size="small" title={t('review.panel.draws')}>
          <Table<DrawSummary>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={p.draws ?? []}
            data-testid="panel-draws"
            columns={[
              { title: t('review.panel.drawKind'), key: 'kind', render: (_, d) => l.drawKind(d.kind) },
              { title: t('review.panel.drawnAt'), key: 'at', render: (_, d) => formatDateTime(d.drawn_at) },
              { title: t('review.panel.selected'), key: 'sel', render: (_, d) => (d.selected ?? []).join('、') || '—' },
              { title: t('review.panel.fallback'), key: 'fb', render: (_, d) => <SpecialtyTags codes={d.fallback} /> },
              { title: t('review.panel.eligible'), dataIndex: 'eligible', align: 'right' },
              {
                title: t('review.panel.seed'),
                key: 'seed',
                render: (_, d) =>
                  access.canGetReviewDraw ? (
                    <Button type="link" size="small" onClick={() => setSeedOf(d.id)} data-testid="seed-link">
                      {t('review.panel.seed')}
                    </Button>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </Card>
      </Flex>
      <DrawRecordModal drawId={seedOf} onClose={() => setSeedOf('')} />
    </PageContainer>
  );
}
