import { PageContainer } from '@ant-design/pro-components';
import { App, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { problemOf } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';

import { useRespondInvitation, useReviewInbox } from '../api/expert';
import type { Answer, InboxItem } from '../api/types';
import { RespondModal } from '../components/respond-modal';
import { MemberStatusTag, PanelStatusTag, TypeTags } from '../components/tags';
import { isPast } from '../model/board';
import { useReviewLabels } from '../model/labels';

/** 我的评审: the expert's invitations (accept, decline, declare a conflict) and the panels to vote on. */
export default function InboxPage() {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const access = useAccess();
  const { message, modal } = App.useApp();
  const inbox = useReviewInbox();
  const respond = useRespondInvitation();
  const [answering, setAnswering] = useState<{ panelId: string; answer: Exclude<Answer, 'accept'> } | null>(null);

  const done = (a: Answer) =>
    void message.success(a === 'accept' ? t('review.inbox.accepted') : a === 'decline' ? t('review.inbox.declined') : t('review.inbox.conflicted'));

  const accept = (it: InboxItem) =>
    modal.confirm({
      title: t('review.inbox.acceptTitle'),
      content: t('review.inbox.acceptEffect'),
      okText: t('review.inbox.accept'),
      cancelText: t('common.cancel'),
      onOk: () =>
        respond.mutateAsync({ panelId: it.panel_id, answer: 'accept' }).then(
          () => done('accept'),
          (err: unknown) => void message.error(problemOf(err)?.detail ?? String(err)),
        ),
    });

  const columns: ColumnsType<InboxItem> = [
    { title: t('review.common.application'), dataIndex: 'application_no', render: (no: string) => <span className="tabular-nums">{no}</span> },
    { title: t('review.common.hospital'), dataIndex: 'hospital_name', ellipsis: true },
    { title: t('review.common.types'), key: 'types', render: (_, it) => <TypeTags types={it.types} /> },
    { title: t('review.common.round'), key: 'round', render: (_, it) => l.round(it.round) },
    {
      title: t('review.common.status'),
      key: 'status',
      render: (_, it) => (
        <Space size={4} wrap>
          <MemberStatusTag status={it.my_status} />
          <PanelStatusTag status={it.panel_status} />
          {it.voted && <Tag color="green">{t('review.inbox.voted')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('review.common.respondDue'),
      key: 'respond',
      render: (_, it) => (it.my_status === 'INVITED' ? formatDateTime(it.respond_due) : '—'),
    },
    {
      title: t('review.common.voteDue'),
      key: 'vote',
      render: (_, it) =>
        it.vote_due ? (
          <Space size={4}>
            {formatDateTime(it.vote_due)}
            {it.panel_status === 'VOTING' && !it.voted && isPast(it.vote_due) && <Tag color="red">{t('review.common.overdue')}</Tag>}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('review.common.actions'),
      key: 'actions',
      render: (_, it) => {
        const invited = it.my_status === 'INVITED';
        const seated = invited || it.my_status === 'ACCEPTED';
        const toVote = it.my_status === 'ACCEPTED' && it.panel_status === 'VOTING' && !it.voted;
        return (
          <Space size={4} wrap data-testid="inbox-actions">
            {invited && access.canRespondReviewInvitation && (
              <>
                <Button size="small" type="primary" onClick={() => accept(it)}>
                  {t('review.inbox.accept')}
                </Button>
                <Button size="small" onClick={() => setAnswering({ panelId: it.panel_id, answer: 'decline' })}>
                  {t('review.inbox.decline')}
                </Button>
                <Button size="small" danger onClick={() => setAnswering({ panelId: it.panel_id, answer: 'conflict' })}>
                  {t('review.inbox.conflict')}
                </Button>
              </>
            )}
            {seated && access.canGetReviewCase && (
              <Link to={`/review/panels/${it.panel_id}/case`} data-testid={toVote ? 'inbox-vote' : 'inbox-case'}>
                {toVote ? t('review.inbox.vote') : t('review.inbox.openCase')}
              </Link>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <PageContainer
      title={<PageTitle>{t('review.inbox.title')}</PageTitle>}
      content={<Typography.Text type="secondary">{t('review.inbox.intro')}</Typography.Text>}
    >
      <Card>
        {inbox.isError ? (
          <ProblemResult error={inbox.error} onRetry={() => void inbox.refetch()} retrying={inbox.isFetching} />
        ) : (
          <Table<InboxItem>
            rowKey="panel_id"
            loading={inbox.isLoading}
            columns={columns}
            dataSource={inbox.data ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            data-testid="review-inbox"
            locale={{
              emptyText: (
                <Empty description={t('review.inbox.empty')}>
                  <Typography.Text type="secondary">{t('review.inbox.emptyHint')}</Typography.Text>
                </Empty>
              ),
            }}
          />
        )}
      </Card>
      <RespondModal
        panelId={answering?.panelId ?? ''}
        answer={answering?.answer ?? null}
        onClose={() => setAnswering(null)}
        onDone={(a) => {
          setAnswering(null);
          done(a);
        }}
      />
    </PageContainer>
  );
}
