import { Alert, Card, Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatMoney } from '@/lib/format';

import type { Proposal, RegroupedCase } from '../api/types';

function Side({ title, g, testId }: { title: string; g: RegroupedCase; testId: string }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} title={title} data-testid={testId} bordered>
      <Descriptions.Item label={t('applications.whatIf.status')}>{g.error ? g.error : g.status || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('applications.whatIf.drg')}>
        <span className="tabular-nums">{g.drg || '—'}</span> {g.drg_name}
      </Descriptions.Item>
      <Descriptions.Item label={t('applications.whatIf.weight')}>
        <span className="tabular-nums">{g.weight || '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('applications.whatIf.standard')}>
        <span className="money">{formatMoney(g.payment_standard)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('applications.whatIf.drgPayment')}>
        <span className="money">{formatMoney(g.drg_payment)}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The what-if of a grouping dispute: the case as grouped beside the proposed codes, and the payment difference. */
export function WhatIfPanel({ proposal, loading, error }: { proposal?: Proposal; loading?: boolean; error?: string }) {
  const { t } = useTranslation();
  const w = proposal?.what_if;
  return (
    <Card size="small" title={t('applications.detail.whatIf')} loading={loading && w === undefined} data-testid="what-if">
      {error && <Alert type="error" showIcon message={`${t('applications.whatIf.failed')}: ${error}`} style={{ marginBottom: 8 }} />}
      {w ? (
        <Flex vertical gap={12}>
          <Flex gap={16} wrap>
            <div style={{ flex: 1, minWidth: 260 }}>
              <Side title={t('applications.whatIf.current')} g={w.current} testId="what-if-current" />
            </div>
            <div style={{ flex: 1, minWidth: 260 }}>
              <Side title={t('applications.whatIf.proposed')} g={w.proposed} testId="what-if-proposed" />
            </div>
          </Flex>
          <Typography.Text strong>
            {t('applications.whatIf.difference')}：
            <span className="money" data-testid="what-if-difference">
              {w.difference ? (w.difference.startsWith('-') ? '' : '+') + formatMoney(w.difference) : '—'}
            </span>
          </Typography.Text>
        </Flex>
      ) : (
        !error && <Typography.Text type="secondary">{t('applications.whatIf.waiting')}</Typography.Text>
      )}
    </Card>
  );
}
