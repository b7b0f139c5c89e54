import { ArrowDownOutlined } from '@ant-design/icons';
import { Empty, Space, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { CaseTraceStep } from '../api/types';
import { stageKey, traceStepFailed } from '../model/grouping';

/**
 * The decision path as the grouping workbench draws it (features/grouper
 * trace-view): a vertical timeline of stage, group code, the plan's rule, the
 * case's code that met it and where the plan states it (file:line).
 */
export function CaseTrace({ trace }: { trace: readonly CaseTraceStep[] }) {
  const { t } = useTranslation();
  if (trace.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div data-testid="group-trace">
      <Steps
        direction="vertical"
        size="small"
        current={trace.length}
        items={trace.map((s) => {
          const failed = traceStepFailed(s);
          const fellThrough = s.stage === 'mdc_no_adrg';
          const key = stageKey(s.stage);
          const by = s.stage === 'validate' ? undefined : s.by;
          return {
            status: failed ? 'error' : fellThrough ? 'wait' : 'finish',
            icon: fellThrough ? <ArrowDownOutlined style={{ fontSize: 14 }} /> : undefined,
            title: (
              <span data-testid={`trace-${s.stage}`}>
                {key ? t(key) : s.stage}
                {s.code && (
                  <>
                    {' '}
                    <Typography.Text strong>{s.code}</Typography.Text>
                  </>
                )}
              </span>
            ),
            description: ((s.rule && s.rule !== 'ok') || by || s.source) && (
              <Space size={[12, 0]} wrap>
                {s.rule && s.rule !== 'ok' && (
                  <span>
                    {t('grouper.rule')} <Typography.Text code>{s.rule}</Typography.Text>
                  </span>
                )}
                {by && (
                  <span>
                    {t('grouper.by')} <Typography.Text code>{by}</Typography.Text>
                  </span>
                )}
                {s.source && (
                  <Typography.Text type="secondary">
                    {t('grouper.source')} <span className="tabular-nums">{s.source}</span>
                  </Typography.Text>
                )}
              </Space>
            ),
          };
        })}
      />
    </div>
  );
}
