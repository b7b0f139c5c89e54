import { Card, Descriptions, Flex, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDate, formatDateTime, formatMoney } from '@/lib/format';

import type { Decision } from '../api/types';

import { DeductionsTable } from './deductions-table';
import { DecisionStatusTag, OutcomeTag } from './tags';

/** The tally of a decision in one line: 同意 2/3（按项目 2、调整标准 0），不同意 1，未投票 0. */
export function TallyLine({ tally }: { tally: Decision['tally'] }) {
  const { t } = useTranslation();
  return (
    <span className="tabular-nums" data-testid="decision-tally">
      {t('review.decisions.tallyLine', {
        approve: tally.approve,
        size: tally.size,
        item: tally.itemBased,
        adjusted: tally.adjusted,
        reject: tally.reject,
        missing: tally.missing,
      })}
    </span>
  );
}

/**
 * What the panel decided and why: outcome, tally, the rule's explanation
 * (its version), consolidated deductions or the proposed standard, the
 * approved amount, and the confirmation.
 */
export function DecisionSummary({ d }: { d: Decision }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16}>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('review.decisions.outcome')}>
          <Space size={4} wrap>
            <OutcomeTag outcome={d.outcome} />
            <DecisionStatusTag status={d.status} />
            {d.final && <Tag color="purple">{t('review.decisions.final')}</Tag>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('review.decisions.tally')}>
          <TallyLine tally={d.tally} />
        </Descriptions.Item>
        <Descriptions.Item label={t('review.decisions.approvedAmount')}>
          <span className="money" data-testid="approved-amount">
            {formatMoney(d.approved_amount)}
          </span>
        </Descriptions.Item>
        {d.outcome === 'APPROVED_ITEM_BASED' && (
          <Descriptions.Item label={t('review.decisions.deductionTotal')}>
            <span className="money">{formatMoney(d.deduction_total)}</span>
          </Descriptions.Item>
        )}
        {d.outcome === 'APPROVED_ADJUSTED_STANDARD' && (
          <>
            <Descriptions.Item label={t('review.decisions.proposedWeight')}>
              <span className="tabular-nums">{d.proposed_weight || '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('review.decisions.proposedStandard')}>
              <span className="money">{formatMoney(d.proposed_standard)}</span>
            </Descriptions.Item>
          </>
        )}
        {d.confirmed_at && (
          <Descriptions.Item label={t('review.decisions.confirmedAt')}>
            {formatDateTime(d.confirmed_at)}
            {d.confirmed_by_name ? ` · ${d.confirmed_by_name}` : ''}
          </Descriptions.Item>
        )}
        {d.letter_code && (
          <Descriptions.Item label={t('review.decisions.letterCode')}>
            <Typography.Text copyable className="tabular-nums" data-testid="letter-code">
              {d.letter_code}
            </Typography.Text>
          </Descriptions.Item>
        )}
        {d.appeal_due && !d.final && (
          <Descriptions.Item label={t('review.decisions.appealDue')}>{formatDate(d.appeal_due)}</Descriptions.Item>
        )}
      </Descriptions>
      <Card size="small" title={t('review.decisions.explanation')} extra={<Typography.Text type="secondary">{t('review.decisions.ruleVersion', { version: d.rule_version })}</Typography.Text>}>
        <List
          size="small"
          dataSource={d.explanation ?? []}
          data-testid="decision-explanation"
          renderItem={(line, i) => (
            <List.Item key={i}>
              <Typography.Text>{line}</Typography.Text>
            </List.Item>
          )}
        />
      </Card>
      {d.outcome === 'APPROVED_ITEM_BASED' && (
        <Card size="small" title={t('review.decisions.consolidated')}>
          <DeductionsTable items={d.deductions} testId="consolidated-deductions" />
        </Card>
      )}
    </Flex>
  );
}
