import { Alert, Card, Descriptions, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { formatMoney } from '@/lib/format';

import type { Pricing } from '../api/types';
import { roundDecimal } from '../model/numbers';

import { ClassTag, Money } from './tags';

const RULES = ['standard', 'band', 'by_item', 'standard_plus_excess', 'ratio_adjusted', 'by_item_capped'] as const;
type RuleCode = (typeof RULES)[number];
const isRule = (r: string): r is RuleCode => (RULES as readonly string[]).includes(r);

function Row({ label, children, strong, sub }: { label: string; children: ReactNode; strong?: boolean; sub?: boolean }) {
  const text = strong ? <Typography.Text strong>{label}</Typography.Text> : sub ? <span style={{ paddingLeft: 16 }}>{label}</span> : label;
  return <Descriptions.Item label={text}>{children}</Descriptions.Item>;
}

/**
 * 支付: the payment the server computed under the pricing version in force —
 * standard, ratio, thresholds, class and rule, then who pays what. Every
 * figure is the API's; nothing is added up here.
 */
export function PaymentPanel({ pricing, error }: { pricing: Pricing | undefined; error: string | undefined }) {
  const { t } = useTranslation();
  if (!pricing) {
    return (
      <Card size="small" title={t('cases.detail.payment')} data-testid="payment-panel">
        <Alert type="warning" showIcon message={t('cases.detail.pricingError')} description={error || undefined} />
      </Card>
    );
  }
  const p = pricing;
  const v = p.version;
  return (
    <Card size="small" title={t('cases.detail.payment')} data-testid="payment-panel">
      <Descriptions size="small" column={1} styles={{ label: { width: 150 }, content: { justifyContent: 'flex-end' } }}>
        <Row label={t('cases.detail.paymentStandard')} strong>
          <span data-testid="payment-standard">
            <Money value={p.payment_standard} strong />
          </span>
        </Row>
        <Row label={t('cases.detail.groupStandard')}>
          <Money value={p.group_standard} />
          <Typography.Text type="secondary">
            {' × '}
            {p.coefficient}（{t('cases.detail.coefficient')}）
          </Typography.Text>
        </Row>
        <Row label={t('cases.detail.weight')}>
          <span className="tabular-nums">{roundDecimal(p.weight, 4)}</span>
        </Row>
        <Row label={t('cases.detail.totalCost')}>
          <Money value={p.total_cost} />
        </Row>
        {p.carved_out !== '0' && (
          <Row label={t('cases.detail.carvedOut')}>
            <span data-testid="carved-out">
              <Money value={p.carved_out} />
            </span>
          </Row>
        )}
        {(p.carved_items ?? []).map((c) => (
          <Row key={c.code} label={t('cases.detail.carvedItem', { code: c.code })} sub>
            <Money value={c.amount} />
          </Row>
        ))}
        {p.new_item_amount !== '0' && (
          <Row label={t('cases.detail.newItemAmount')}>
            <Money value={p.new_item_amount} />
          </Row>
        )}
        <Row label={t('cases.detail.costRatio')}>
          <span className="tabular-nums">{roundDecimal(p.cost_ratio, 2)}</span>
        </Row>
        <Row label={t('cases.detail.thresholds')}>
          <span className="tabular-nums">
            {t('cases.detail.thresholdValue', {
              high: formatMoney(p.high_threshold),
              highX: p.high_multiplier,
              low: formatMoney(p.low_threshold),
              lowX: p.low_multiplier,
            })}
          </span>
        </Row>
        <Row label={t('cases.detail.class')}>
          <ClassTag value={p.class} />
        </Row>
        <Row label={t('cases.detail.rule')}>{isRule(p.rule) ? t(`cases.detail.rules.${p.rule}`) : p.rule}</Row>
        <Row label={t('cases.detail.drgPayment')} strong>
          <span data-testid="drg-payment">
            <Money value={p.drg_payment} strong />
          </span>
        </Row>
        <Row label={t('cases.detail.fundShare')}>
          <Money value={p.fund_share} />
        </Row>
        <Row label={t('cases.detail.patientShare')}>
          <Money value={p.patient_share} />
        </Row>
        <Row label={t('cases.detail.deductible')} sub>
          <Money value={p.patient.deductible} />
        </Row>
        <Row label={t('cases.detail.classBSelfPay')} sub>
          <Money value={p.patient.class_b_self_pay} />
        </Row>
        <Row label={t('cases.detail.ownPay')} sub>
          <Money value={p.patient.own_pay} />
        </Row>
        <Row label={t('cases.detail.coPay')} sub>
          <Money value={p.patient.co_pay} />
        </Row>
        <Row label={t('cases.detail.fundPayment')} strong>
          <Money value={p.fund_payment} strong />
        </Row>
        <Row label={t('cases.detail.hospitalPayment')}>
          <Money value={p.hospital_payment} />
        </Row>
        <Row label={t('cases.detail.pricingVersion')}>
          <Typography.Text type="secondary">{v ? `${v.id}（${v.region} · ${v.year}）` : '—'}</Typography.Text>
        </Row>
      </Descriptions>
    </Card>
  );
}
