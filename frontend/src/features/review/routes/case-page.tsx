import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Descriptions, Flex, Skeleton, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { problemOf } from '@/lib/form-errors';
import { formatDateTime, formatMoney } from '@/lib/format';

import { useRespondInvitation, useReviewCase } from '../api/expert';
import type { Answer, ReviewCase } from '../api/types';
import { CaseFees, CaseGrouping, CaseOverview } from '../components/case-view';
import { EvidenceViewer } from '../components/evidence-viewer';
import { MyVote } from '../components/my-vote';
import { RespondModal } from '../components/respond-modal';
import { MemberStatusTag, PanelStatusTag } from '../components/tags';
import { VoteForm } from '../components/vote-form';
import { isPast } from '../model/board';
import { useReviewLabels } from '../model/labels';

function VoteArea({ c }: { c: ReviewCase }) {
  const { t } = useTranslation();
  const access = useAccess();
  const { message, modal } = App.useApp();
  const respond = useRespondInvitation();
  const [answer, setAnswer] = useState<Exclude<Answer, 'accept'> | null>(null);
  const p = c.panel;
  if (c.my_vote) return <MyVote vote={c.my_vote} />;
  if (p.my_status === 'INVITED') {
    return (
      <Alert
        type="info"
        showIcon
        message={t('review.case.acceptFirst')}
        action={
          access.canRespondReviewInvitation && (
            <Space direction="vertical">
              <Button
                type="primary"
                size="small"
                onClick={() =>
                  modal.confirm({
                    title: t('review.inbox.acceptTitle'),
                    content: t('review.inbox.acceptEffect'),
                    okText: t('review.inbox.accept'),
                    cancelText: t('common.cancel'),
                    onOk: () =>
                      respond.mutateAsync({ panelId: p.id, answer: 'accept' }).then(
                        () => void message.success(t('review.inbox.accepted')),
                        (err: unknown) => void message.error(problemOf(err)?.detail ?? String(err)),
                      ),
                  })
                }
              >
                {t('review.inbox.accept')}
              </Button>
              <Button size="small" onClick={() => setAnswer('decline')}>
                {t('review.inbox.decline')}
              </Button>
              <Button size="small" danger onClick={() => setAnswer('conflict')}>
                {t('review.inbox.conflict')}
              </Button>
              <RespondModal panelId={p.id} answer={answer} onClose={() => setAnswer(null)} onDone={() => setAnswer(null)} />
            </Space>
          )
        }
      />
    );
  }
  if (p.status === 'FORMING') return <Alert type="info" showIcon message={t('review.case.forming')} />;
  if (p.status === 'VOTING' && p.my_status === 'ACCEPTED' && !p.voted && access.canCastReviewVote) return <VoteForm c={c} />;
  if (p.status === 'CLOSED' || p.status === 'CONFIRMED') return <Alert type="warning" showIcon message={t('review.vote.closedNoVote')} />;
  return null;
}

/**
 * 评审病例 (expert): the de-identified case — age and sex, clinical data,
 * codes, fees, grouping, screening hits — the evidence under the expert's
 * watermark, and the vote.
 */
export default function CasePage() {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const q = useReviewCase(id);
  const c = q.data;
  const back = () => void navigate('/review/inbox');
  if (q.isError) {
    return (
      <PageContainer title={<PageTitle>{t('review.case.title')}</PageTitle>} onBack={back}>
        <ProblemResult error={q.error} onRetry={() => void q.refetch()} retrying={q.isFetching} />
      </PageContainer>
    );
  }
  if (!c) {
    return (
      <PageContainer title={<PageTitle>{t('review.case.title')}</PageTitle>} onBack={back}>
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </PageContainer>
    );
  }
  const p = c.panel;
  const g = c.grouping;
  return (
    <PageContainer
      onBack={back}
      title={
        <PageTitle>
          {t('review.case.title')} <span className="tabular-nums">{c.application.no}</span>
        </PageTitle>
      }
      subTitle={
        <Space size={4} wrap>
          <PanelStatusTag status={p.status} />
          <MemberStatusTag status={p.my_status} />
          <Tag>{t('review.common.letter', { letter: p.my_letter })}</Tag>
          <Tag>{l.round(p.round)}</Tag>
        </Space>
      }
      content={
        <Flex vertical gap={12}>
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
            <Descriptions.Item label={t('review.common.hospital')}>{c.application.hospital_name}</Descriptions.Item>
            <Descriptions.Item label="DRG">{[g.drg, g.drg_name].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('review.case.totalCost')}>
              <span className="money">{formatMoney(c.fees.total_cost)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('review.common.voteDue')}>
              <Space size={4}>
                {formatDateTime(p.vote_due)}
                {p.status === 'VOTING' && !p.voted && isPast(p.vote_due) && <Tag color="red">{t('review.common.overdue')}</Tag>}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <Alert type="info" showIcon message={t('review.case.deidentified')} data-testid="deidentified-note" />
          {c.return_note && <Alert type="warning" showIcon message={t('review.case.returned', { reason: c.return_note })} />}
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Card>
          <Tabs
            defaultActiveKey="overview"
            items={[
              { key: 'overview', label: t('review.case.tabs.overview'), children: <CaseOverview c={c} /> },
              { key: 'fees', label: t('review.case.tabs.fees'), children: <CaseFees c={c} /> },
              { key: 'grouping', label: t('review.case.tabs.grouping'), children: <CaseGrouping c={c} /> },
              {
                key: 'evidence',
                label: `${t('review.case.tabs.evidence')} (${(c.evidence ?? []).length})`,
                children: <EvidenceViewer panelId={p.id} files={c.evidence ?? []} />,
              },
            ]}
          />
        </Card>
        <VoteArea c={c} />
      </Flex>
    </PageContainer>
  );
}
