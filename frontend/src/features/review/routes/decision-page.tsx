import { FilePdfOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Descriptions, Flex, Skeleton, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { ReasonModal } from '@/components/reason-modal';
import { useAccess } from '@/lib/access';
import { problemOf } from '@/lib/form-errors';

import { reviewLetterUrl, useConfirmDecision, useReturnDecision, useReviewDecision } from '../api/decisions';
import type { Decision } from '../api/types';
import { DecisionSummary } from '../components/decision-summary';
import { DecisionStatusTag, OutcomeTag } from '../components/tags';
import { VotesSideBySide } from '../components/votes-side-by-side';
import { useReviewLabels } from '../model/labels';

function ReturnModal({ d, open, onClose }: { d: Decision; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const ret = useReturnDecision();
  return (
    <ReasonModal
      open={open}
      onClose={onClose}
      title={t('review.decisions.returnTitle')}
      okText={t('review.decisions.return')}
      effect={t('review.decisions.returnEffect')}
      reasonLabel={t('review.decisions.returnReason')}
      danger
      pending={ret.isPending}
      onSubmit={(reason) => ret.mutateAsync({ id: d.id, reason })}
      success={t('review.decisions.returned')}
    />
  );
}

/**
 * 评审决定审核 (bureau reviewer): the tally and the rule's explanation, the
 * votes side by side and the consolidated deductions; 确认 or 退回合议 as the
 * server allows (can_confirm / can_return).
 */
export default function DecisionPage() {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const access = useAccess();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const { id = '' } = useParams();
  const q = useReviewDecision(id);
  const confirm = useConfirmDecision();
  const [returning, setReturning] = useState(false);
  const d = q.data;
  const back = () => void navigate('/review/decisions');

  if (q.isError) {
    return (
      <PageContainer title={<PageTitle>{t('review.decisions.title')}</PageTitle>} onBack={back}>
        <ProblemResult error={q.error} onRetry={() => void q.refetch()} retrying={q.isFetching} />
      </PageContainer>
    );
  }
  if (!d) {
    return (
      <PageContainer title={<PageTitle>{t('review.decisions.title')}</PageTitle>} onBack={back}>
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </PageContainer>
    );
  }

  const runConfirm = () =>
    modal.confirm({
      title: t('review.decisions.confirmTitle'),
      content: (
        <Flex vertical gap={8}>
          <Space size={4}>
            <OutcomeTag outcome={d.outcome} />
          </Space>
          <span>
            {t('review.decisions.confirmEffect', {
              final: d.final || d.round === 2 ? t('review.decisions.confirmFinal') : t('review.decisions.confirmAppealable'),
            })}
          </span>
        </Flex>
      ),
      okText: t('review.decisions.confirm'),
      cancelText: t('common.cancel'),
      onOk: () =>
        confirm.mutateAsync(d.id).then(
          () => void message.success(t('review.decisions.confirmed')),
          (err: unknown) => void message.error(problemOf(err)?.detail ?? String(err)),
        ),
    });

  const actions = [];
  if (d.can_confirm && access.canConfirmReviewDecision) {
    actions.push(
      <Button key="confirm" type="primary" onClick={runConfirm} loading={confirm.isPending} data-testid="decision-confirm">
        {t('review.decisions.confirm')}
      </Button>,
    );
  }
  if (d.can_return && access.canReturnReviewDecision) {
    actions.push(
      <Button key="return" danger onClick={() => setReturning(true)} data-testid="decision-return">
        {t('review.decisions.return')}
      </Button>,
    );
  }
  if (d.status === 'CONFIRMED' && access.canGetReviewLetter) {
    actions.push(
      <Button key="letter" icon={<FilePdfOutlined />} href={reviewLetterUrl(d.id)}>
        {t('review.hospital.letter')}
      </Button>,
    );
  }
  return (
    <PageContainer
      onBack={back}
      title={
        <PageTitle>
          {t('review.decisions.title')} <span className="tabular-nums">{d.application_no}</span>
        </PageTitle>
      }
      subTitle={
        <Space size={4} wrap>
          <DecisionStatusTag status={d.status} />
          <Tag>{l.round(d.round)}</Tag>
          <Tag>{t('review.decisions.version', { version: d.version })}</Tag>
        </Space>
      }
      extra={<Space wrap>{actions}</Space>}
      content={
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('review.common.hospital')}>{d.hospital_name}</Descriptions.Item>
          <Descriptions.Item label={t('review.decisions.panel')}>
            {access.canGetReviewPanel ? <Link to={`/review/panels/${d.panel_id}`}>{t('review.board.openPanel')}</Link> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('review.common.application')}>
            {access.canGetApplication ? <Link to={`/applications/${d.application_id}`}>{d.application_no}</Link> : d.application_no}
          </Descriptions.Item>
        </Descriptions>
      }
    >
      <Flex vertical gap={16}>
        {d.status === 'PROPOSED' && !d.can_confirm && access.canConfirmReviewDecision && (
          <Alert type="warning" showIcon message={t('review.decisions.cannotConfirm')} />
        )}
        {d.return_reason && <Alert type="warning" showIcon message={t('review.panel.returned', { reason: d.return_reason })} />}
        <DecisionSummary d={d} />
        <Card size="small" title={t('review.decisions.votes')}>
          <VotesSideBySide votes={d.votes} />
        </Card>
      </Flex>
      <ReturnModal d={d} open={returning} onClose={() => setReturning(false)} />
    </PageContainer>
  );
}
