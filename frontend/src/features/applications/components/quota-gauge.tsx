import { Alert, Card, Flex, Progress, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { QuotaGauge as Gauge } from '../api/types';
import { gaugeColor, readGauge } from '../model/gauge';

/** The quota gauge: used of cap as a dial, the figures beside it, a warning from 80 % and at 100 %. */
export function QuotaGauge({ gauge, showHospitals = false }: { gauge: Gauge; showHospitals?: boolean }) {
  const { t } = useTranslation();
  const r = readGauge(gauge);
  const scope = gauge.scope === 'hospital' ? t('applications.quota.scope.hospital') : t('applications.quota.scope.region');
  return (
    <Card
      size="small"
      data-testid="quota-gauge"
      data-level={r.level}
      title={`${t('applications.quota.title')} · ${scope}`}
      extra={
        <Typography.Text type="secondary">
          {t('applications.quota.period', { period: gauge.period, from: gauge.from, to: gauge.to })}
        </Typography.Text>
      }
    >
      <Flex gap={32} align="center" wrap>
        <Progress
          type="dashboard"
          percent={r.percent}
          strokeColor={gaugeColor(r.level)}
          status={r.level === 'full' ? 'exception' : 'normal'}
          format={() => `${gauge.used}/${gauge.cap}`}
          size={120}
        />
        <Flex gap={32} wrap>
          <Statistic title={t('applications.quota.used')} value={gauge.used} />
          <Statistic title={t('applications.quota.remaining')} value={gauge.remaining} />
          <Statistic title={t('applications.quota.cap')} value={gauge.cap} />
          <Statistic title={t('applications.quota.discharges')} value={gauge.discharges} />
        </Flex>
      </Flex>
      {r.level === 'warn' && <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('applications.quota.warn')} />}
      {r.level === 'full' && <Alert style={{ marginTop: 12 }} type="error" showIcon message={t('applications.quota.full')} />}
      {r.level === 'none' && <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('applications.quota.none')} />}
      {showHospitals && (gauge.hospitals ?? []).length > 0 && (
        <Table
          style={{ marginTop: 12 }}
          size="small"
          rowKey="hospital_id"
          pagination={false}
          dataSource={gauge.hospitals ?? []}
          columns={[
            { title: t('applications.quota.hospital'), dataIndex: 'name' },
            { title: t('applications.quota.used'), dataIndex: 'used', align: 'right', className: 'tabular-nums' },
          ]}
        />
      )}
    </Card>
  );
}
