import { Alert, Card, Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Grouping } from '../api/types';
import { GROUP_STATUS_COLOR, isGroupStatus } from '../model/grouping';

import { CaseTrace } from './case-trace';

/** An MDC, ADRG or DRG: its code in bold, then its name; a dash when the case has none. */
function GroupCode({ code, name, testId }: { code?: string; name?: string; testId: string }) {
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

/** 分组: the recorded group, its plan and the decision path (the workbench's trace). */
export function GroupingPanel({ grouping }: { grouping: Grouping }) {
  const { t } = useTranslation();
  const status = grouping.status;
  const comorbidity = grouping.comorbidity as 'none' | 'cc' | 'mcc';
  return (
    <Card size="small" title={t('cases.detail.grouping')} data-testid="grouping-panel">
      <Descriptions size="small" column={1} bordered={false} styles={{ label: { width: 112 } }}>
        <Descriptions.Item label={t('cases.detail.groupStatus')}>
          <Tag color={isGroupStatus(status) ? GROUP_STATUS_COLOR[status] : 'default'} data-testid="group-status">
            {isGroupStatus(status) ? t(`grouper.statuses.${status}`) : grouping.status_label || status}
          </Tag>
          {grouping.reason && <Typography.Text type="secondary">{grouping.reason}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.detail.mdc')}>
          <GroupCode code={grouping.mdc} name={grouping.mdc_name} testId="case-mdc" />
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.detail.adrg')}>
          <GroupCode code={grouping.adrg} name={grouping.adrg_name} testId="case-adrg" />
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.detail.drg')}>
          <GroupCode code={grouping.drg} name={grouping.drg_name} testId="case-drg" />
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.detail.comorbidity')}>
          {['none', 'cc', 'mcc'].includes(comorbidity) ? t(`cases.detail.comorbidities.${comorbidity}`) : grouping.comorbidity || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.detail.plan')}>
          <Typography.Text code>{grouping.plan || '—'}</Typography.Text>
          {grouping.plan_digest && <Typography.Text type="secondary"> {grouping.plan_digest}</Typography.Text>}
        </Descriptions.Item>
      </Descriptions>
      {!grouping.reproduced && (grouping.trace ?? []).length > 0 && (
        <Alert type="warning" showIcon style={{ margin: '8px 0' }} message={t('cases.detail.notReproduced')} />
      )}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('cases.detail.trace')}
      </Typography.Title>
      <CaseTrace trace={grouping.trace ?? []} />
    </Card>
  );
}
