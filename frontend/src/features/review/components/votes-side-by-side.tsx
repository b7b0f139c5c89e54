import { Card, Col, Descriptions, Empty, Flex, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDateTime, formatMoney } from '@/lib/format';

import type { Vote } from '../api/types';

import { DeductionsTable } from './deductions-table';
import { ChoiceTag } from './tags';

/**
 * The votes of a closed panel side by side, one column per expert (专家A,
 * 专家B …, with the name where the bureau may see it); members who did not
 * vote are listed as such, since a missing vote counts as not agreeing.
 */
export function VotesSideBySide({ votes, missing = [] }: { votes: readonly Vote[] | null | undefined; missing?: readonly string[] }) {
  const { t } = useTranslation();
  const list = votes ?? [];
  if (list.length === 0 && missing.length === 0) return <Empty description={t('review.decisions.noVotes')} />;
  const span = Math.max(6, Math.floor(24 / Math.max(1, Math.min(list.length + missing.length, 4))));
  return (
    <Row gutter={[12, 12]} data-testid="votes-side-by-side">
      {list.map((v) => (
        <Col key={v.letter} xs={24} md={12} xl={span}>
          <Card
            size="small"
            data-testid="vote-card"
            title={
              <Flex justify="space-between" align="center" gap={8} wrap>
                <span>
                  {t('review.common.letter', { letter: v.letter })}
                  {v.name ? <Typography.Text type="secondary">{` · ${v.name}`}</Typography.Text> : null}
                </span>
                <ChoiceTag choice={v.choice} />
              </Flex>
            }
          >
            <Flex vertical gap={8}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{v.rationale}</Typography.Paragraph>
              {v.choice === 'APPROVE_ITEM_BASED' && <DeductionsTable items={v.deductions} />}
              {v.choice === 'APPROVE_ADJUSTED_STANDARD' && (
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t('review.decisions.proposedWeight')}>
                    <span className="tabular-nums">{v.proposed_weight || '—'}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('review.decisions.proposedStandard')}>
                    <span className="money">{formatMoney(v.proposed_standard)}</span>
                  </Descriptions.Item>
                </Descriptions>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('review.vote.castAt', { time: formatDateTime(v.cast_at) })}
              </Typography.Text>
            </Flex>
          </Card>
        </Col>
      ))}
      {missing.map((letter) => (
        <Col key={`missing-${letter}`} xs={24} md={12} xl={span}>
          <Card size="small" title={t('review.common.letter', { letter })} data-testid="vote-missing">
            <Typography.Text type="secondary">{t('review.decisions.missing')}</Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
