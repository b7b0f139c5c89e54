import { CheckCircleFilled } from '@ant-design/icons';
import { Card, Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDateTime, formatMoney } from '@/lib/format';

import type { Vote } from '../api/types';

import { DeductionsTable } from './deductions-table';
import { ChoiceTag } from './tags';

/** After voting: 已提交 and the expert's own sealed vote. */
export function MyVote({ vote }: { vote: Vote }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-testid="my-vote"
      title={
        <Flex gap={8} align="center">
          <CheckCircleFilled style={{ color: '#52c41a' }} />
          <span>{t('review.vote.submitted')}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('review.vote.castAt', { time: formatDateTime(vote.cast_at) })}
          </Typography.Text>
        </Flex>
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('review.vote.choice')}>
          <ChoiceTag choice={vote.choice} />
        </Descriptions.Item>
        <Descriptions.Item label={t('review.vote.rationale')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{vote.rationale}</span>
        </Descriptions.Item>
        {vote.choice === 'APPROVE_ADJUSTED_STANDARD' && (
          <>
            <Descriptions.Item label={t('review.vote.weight')}>{vote.proposed_weight || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('review.vote.standard')}>
              <span className="money">{formatMoney(vote.proposed_standard)}</span>
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
      {vote.choice === 'APPROVE_ITEM_BASED' && <DeductionsTable items={vote.deductions} testId="my-deductions" />}
    </Card>
  );
}
