import { Card, Descriptions, Space, Tag, Typography, theme } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { GroupResult, SecondaryDx } from '../api/types';

import type { Compared } from './compare';
import { STATUS_COLOR, useGrouperLabels } from './labels';
import { TraceView } from './trace-view';

function Group({ code, name, testId }: { code?: string; name?: string; testId: string }) {
  if (!code) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span data-testid={testId}>
      <Typography.Text strong className="tabular-nums">
        {code}
      </Typography.Text>{' '}
      {name}
    </span>
  );
}

function Secondary({ dx }: { dx: SecondaryDx }) {
  const { t } = useTranslation();
  return (
    <span>
      <Typography.Text code>{dx.code}</Typography.Text> {dx.name}{' '}
      <Tag color={dx.kind === 'mcc' ? 'volcano' : 'gold'}>{dx.kind.toUpperCase()}</Tag>
      {dx.table && (
        <Typography.Text type="secondary">
          {t('grouper.table')} {dx.table}
        </Typography.Text>
      )}
    </span>
  );
}

/**
 * One grouping result: status, MDC / ADRG / DRG with their names, the CC/MCC
 * that decided the split and those the exclusion tables removed, then the
 * decision path. In a comparison, `differs` marks the parts the other plan
 * decided differently.
 */
export function ResultView({
  result,
  title,
  differs,
  extra,
}: {
  result: GroupResult;
  title?: ReactNode;
  differs?: ReadonlySet<Compared>;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const labels = useGrouperLabels();
  const { token } = theme.useToken();
  const mark = (key: Compared): CSSProperties | undefined =>
    differs?.has(key) ? { background: token.colorWarningBg } : undefined;
  const diffTag = (key: Compared) =>
    differs?.has(key) ? (
      <Tag color="warning" style={{ marginInlineStart: 8 }}>
        {t('grouper.different')}
      </Tag>
    ) : null;
  const reason = labels.reason(result.reason);
  const excluded = result.excluded ?? [];
  const trace = result.trace ?? [];

  return (
    <Card title={title ?? t('grouper.result')} extra={extra} size="small" data-testid="group-result">
      <Descriptions column={1} size="small" bordered labelStyle={{ width: 132 }}>
        <Descriptions.Item label={t('grouper.status')} contentStyle={mark('status')}>
          <Space size={4} wrap>
            <Tag color={STATUS_COLOR[result.status] ?? 'default'} data-testid="result-status">
              {result.status_label}
            </Tag>
            {reason !== '' && (
              <Typography.Text type="secondary">
                {reason}
                {result.detail ? `（${result.detail}）` : ''}
              </Typography.Text>
            )}
            {diffTag('status')}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('grouper.mdc')} contentStyle={mark('mdc')}>
          <Group code={result.mdc} name={result.mdc_name} testId="result-mdc" />
          {diffTag('mdc')}
        </Descriptions.Item>
        <Descriptions.Item label={t('grouper.adrg')} contentStyle={mark('adrg')}>
          <Group code={result.adrg} name={result.adrg_name} testId="result-adrg" />
          {diffTag('adrg')}
        </Descriptions.Item>
        <Descriptions.Item label={t('grouper.drg')} contentStyle={mark('drg')}>
          <Group code={result.drg} name={result.drg_name} testId="result-drg" />
          {diffTag('drg')}
        </Descriptions.Item>
        <Descriptions.Item label={t('grouper.comorbidity')} contentStyle={mark('comorbidity')}>
          {labels.comorbidity(result.comorbidity)}
          {diffTag('comorbidity')}
        </Descriptions.Item>
        {(result.split_by || differs?.has('split_by')) && (
          <Descriptions.Item label={t('grouper.splitBy')} contentStyle={mark('split_by')}>
            {result.split_by ? <Secondary dx={result.split_by} /> : '—'}
            {diffTag('split_by')}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('grouper.excluded')}>
          {excluded.length === 0 ? (
            <Typography.Text type="secondary">{t('grouper.excludedNone')}</Typography.Text>
          ) : (
            <Space direction="vertical" size={2}>
              {excluded.map((e) => (
                <Secondary key={e.code} dx={e} />
              ))}
            </Space>
          )}
        </Descriptions.Item>
      </Descriptions>

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('grouper.trace')}
      </Typography.Title>
      <TraceView trace={trace} />

      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        {t('grouper.planLine', { plan: result.plan, digest: result.plan_digest, engine: result.engine })}
      </Typography.Paragraph>
    </Card>
  );
}
