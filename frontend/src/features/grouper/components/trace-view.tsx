import { ArrowDownOutlined } from '@ant-design/icons';
import { Empty, Space, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { TraceStep } from '../api/types';

import { stepFailed, useGrouperLabels } from './labels';

/**
 * The decision path as a vertical timeline: each step names the stage, the
 * MDC / ADRG / DRG concerned, the plan's rule that held, the case's code that
 * satisfied it and where the plan states it (file:line).
 */
export function TraceView({ trace }: { trace: readonly TraceStep[] }) {
  const { t } = useTranslation();
  const labels = useGrouperLabels();
  if (trace.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div data-testid="group-trace">
      <Steps
        direction="vertical"
        size="small"
        current={trace.length}
        items={trace.map((s) => {
          const failed = stepFailed(s);
          const fellThrough = s.stage === 'mdc_no_adrg';
          // A failed validation names the field in `by`; the reason says it all.
          const by = s.stage === 'validate' ? undefined : s.by;
          return {
            status: failed ? 'error' : fellThrough ? 'wait' : 'finish',
            icon: fellThrough ? <ArrowDownOutlined style={{ fontSize: 14 }} /> : undefined,
            title: (
              <span data-testid={`trace-${s.stage}`}>
                {labels.stage(s.stage)}
                {s.code && (
                  <>
                    {' '}
                    <Typography.Text strong>{s.code}</Typography.Text>
                  </>
                )}
                {s.name && <Typography.Text type="secondary"> {s.name}</Typography.Text>}
              </span>
            ),
            description: (s.rule || by || s.source) && (
              <Space size={[12, 0]} wrap>
                {s.rule &&
                  (labels.isReason(s.rule) ? (
                    <span>{labels.reason(s.rule)}</span>
                  ) : (
                    <span>
                      {t('grouper.rule')} <Typography.Text code>{s.rule}</Typography.Text>
                    </span>
                  ))}
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
