import { Card, Descriptions, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { GroupResult } from '../api/types';

import { useResultRows } from './result-rows';
import { TraceView } from './trace-view';

/** One grouping result: the groups, the CC/MCC used and excluded, then the decision path. */
export function ResultView({ result, title }: { result: GroupResult; title?: ReactNode }) {
  const { t } = useTranslation();
  const rows = useResultRows();
  return (
    <Card title={title ?? t('grouper.result')} size="small" data-testid="group-result">
      <Descriptions
        column={1}
        size="small"
        bordered
        styles={{ label: { width: 148 } }}
        items={rows
          .filter((row) => row.key !== 'split_by' || result.split_by)
          .map((row) => ({ key: row.key, label: row.label, children: row.content(result) }))}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('grouper.trace')}
      </Typography.Title>
      <TraceView trace={result.trace ?? []} />
      <PlanLine result={result} />
    </Card>
  );
}

/** Which plan (and digest) and engine version produced the result, for the record. */
export function PlanLine({ result }: { result: GroupResult }) {
  const { t } = useTranslation();
  return (
    <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
      {t('grouper.planLine', { plan: result.plan, digest: result.plan_digest, engine: result.engine })}
    </Typography.Paragraph>
  );
}
