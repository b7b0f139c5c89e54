import { FilePdfOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Flex, List, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemResult } from '@/components/problem-result';
import { ReasonModal } from '@/components/reason-modal';
import { useAccess } from '@/lib/access';
import { formatDate, formatDateTime, formatMoney } from '@/lib/format';

import { decisionLetterUrl, useAppealDecision, useApplicationDecisions, type ReviewDecision } from '../api/review';

type T = (k: string, v?: Record<string, unknown>) => string;

function AppealModal({ applicationId, open, onClose }: { applicationId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const appeal = useAppealDecision();
  return (
    <ReasonModal
      open={open}
      onClose={onClose}
      title={t('review.hospital.appealTitle')}
      okText={t('review.hospital.appeal')}
      effect={t('review.hospital.appealEffect')}
      reasonLabel={t('review.hospital.appealReason')}
      extra={<Alert type="info" showIcon message={t('review.hospital.appealSupplement')} />}
      rows={5}
      pending={appeal.isPending}
      onSubmit={(reason) => appeal.mutateAsync({ id: applicationId, reason })}
      success={t('review.hospital.appealed')}
    />
  );
}

function DecisionCard({ d, applicationId, appealable }: { d: ReviewDecision; applicationId: string; appealable: boolean }) {
  const { t } = useTranslation();
  const tt = t as unknown as T;
  const access = useAccess();
  const [appealing, setAppealing] = useState(false);
  const approved = d.outcome !== 'REJECTED';
  return (
    <Card
      size="small"
      data-testid="review-decision"
      title={
        <Space size={4} wrap>
          <Tag color={approved ? 'green' : 'red'} data-testid="review-decision-outcome">
            {tt(`review.outcomes.${d.outcome}`)}
          </Tag>
          <Tag>{tt(`review.rounds.${d.round}`)}</Tag>
          {d.final && <Tag color="purple">{t('review.decisions.final')}</Tag>}
        </Space>
      }
      extra={
        <Space wrap>
          {access.canGetReviewLetter && d.status === 'CONFIRMED' && (
            <Button icon={<FilePdfOutlined />} href={decisionLetterUrl(d.id)} data-testid="decision-letter">
              {t('review.hospital.letter')}
            </Button>
          )}
          {appealable && access.canAppealReviewDecision && (
            <Button type="primary" danger onClick={() => setAppealing(true)} data-testid="decision-appeal">
              {t('review.hospital.appeal')}
            </Button>
          )}
        </Space>
      }
    >
      <Flex vertical gap={12}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('review.decisions.approvedAmount')}>
            <span className="money">{formatMoney(d.approved_amount)}</span>
          </Descriptions.Item>
          {d.outcome === 'APPROVED_ITEM_BASED' && (
            <Descriptions.Item label={t('review.decisions.deductionTotal')}>
              <span className="money">{formatMoney(d.deduction_total)}</span>
            </Descriptions.Item>
          )}
          {d.outcome === 'APPROVED_ADJUSTED_STANDARD' && (
            <Descriptions.Item label={t('review.decisions.proposedStandard')}>
              <span className="money">{formatMoney(d.proposed_standard)}</span>
              {d.proposed_weight ? ` · ${t('review.decisions.proposedWeight')} ${d.proposed_weight}` : ''}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('review.decisions.confirmedAt')}>{formatDateTime(d.confirmed_at)}</Descriptions.Item>
          {d.letter_code && (
            <Descriptions.Item label={t('review.decisions.letterCode')}>
              <Typography.Text copyable className="tabular-nums" data-testid="hospital-letter-code">
                {d.letter_code}
              </Typography.Text>
            </Descriptions.Item>
          )}
          {d.appeal_due && !d.final && (
            <Descriptions.Item label={t('review.decisions.appealDue')}>{formatDate(d.appeal_due)}</Descriptions.Item>
          )}
        </Descriptions>
        {(d.explanation ?? []).length > 0 && (
          <List size="small" dataSource={d.explanation ?? []} renderItem={(line, i) => <List.Item key={i}>{line}</List.Item>} />
        )}
        {d.outcome === 'APPROVED_ITEM_BASED' && (d.deductions ?? []).length > 0 && (
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={d.deductions ?? []}
            columns={[
              { title: t('review.vote.label'), dataIndex: 'label' },
              { title: t('review.vote.amount'), dataIndex: 'amount', align: 'right', render: (a: string) => <span className="money">{formatMoney(a)}</span> },
              { title: t('review.vote.reason'), dataIndex: 'reason' },
            ]}
          />
        )}
        {(d.votes ?? []).length > 0 && (
          <Card size="small" type="inner" title={t('review.hospital.panelReasons')}>
            <List
              size="small"
              dataSource={d.votes ?? []}
              renderItem={(v) => (
                <List.Item key={v.letter}>
                  <Flex vertical gap={2}>
                    <Space size={4}>
                      <Typography.Text strong>{t('review.common.letter', { letter: v.letter })}</Typography.Text>
                      <Tag color={v.choice === 'REJECT' ? 'red' : 'green'}>{tt(`review.choices.${v.choice}`)}</Tag>
                    </Space>
                    <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{v.rationale}</Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        )}
      </Flex>
      <AppealModal applicationId={applicationId} open={appealing} onClose={() => setAppealing(false)} />
    </Card>
  );
}

/** 评审决定 on the application: the confirmed decisions, the letter, and the appeal while it is allowed. */
export function ReviewDecisionsPanel({ applicationId, status }: { applicationId: string; status: string }) {
  const { t } = useTranslation();
  const access = useAccess();
  const q = useApplicationDecisions(applicationId, access.canListApplicationDecisions);
  if (q.isError) return <ProblemResult error={q.error} onRetry={() => void q.refetch()} retrying={q.isFetching} />;
  if (!q.data) return <Skeleton active />;
  const items = [...q.data].sort((a, b) => b.version - a.version);
  if (items.length === 0) return <Empty description={t('review.hospital.none')} />;
  return (
    <Flex vertical gap={12} data-testid="review-decisions-panel">
      {items.map((d, i) => (
        // only the latest, non-final decision of a decided application can be appealed (once)
        <DecisionCard key={d.id} d={d} applicationId={applicationId} appealable={i === 0 && d.can_appeal && !d.final && status === 'DECIDED'} />
      ))}
    </Flex>
  );
}
