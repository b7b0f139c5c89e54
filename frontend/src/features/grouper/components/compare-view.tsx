import { Alert, Col, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { GroupResult, Plan } from '../api/types';

import { differences, samePlan } from './compare';
import { ResultView } from './result-view';

function PlanTitle({ result, plans, side }: { result: GroupResult; plans: readonly Plan[]; side: string }) {
  const name = plans.find((p) => p.id === result.plan)?.name;
  return (
    <Space size={6}>
      <Typography.Text type="secondary">{side}</Typography.Text>
      <Typography.Text strong>{result.plan}</Typography.Text>
      {name && (
        <Typography.Text type="secondary" ellipsis style={{ maxWidth: 220, fontWeight: 'normal' }} title={name}>
          {name}
        </Typography.Text>
      )}
    </Space>
  );
}

/**
 * The case under two plans in two columns, the parts that differ marked in
 * both. The same plan twice (one plan shipped) is allowed and said plainly.
 */
export function CompareView({ first, second, plans }: { first: GroupResult; second: GroupResult; plans: readonly Plan[] }) {
  const { t } = useTranslation();
  const diff = differences(first, second);
  const same = samePlan(first, second);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="compare-view">
      {same ? (
        <Alert type="info" showIcon message={t('grouper.same')} description={t('grouper.samePlan', { plan: first.plan })} />
      ) : diff.size === 0 ? (
        <Alert type="success" showIcon message={t('grouper.same')} />
      ) : (
        <Alert type="warning" showIcon message={t('grouper.differs')} />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} xxl={12}>
          <ResultView result={first} differs={diff} title={<PlanTitle result={first} plans={plans} side={t('grouper.plan')} />} />
        </Col>
        <Col xs={24} xxl={12}>
          <ResultView
            result={second}
            differs={diff}
            title={<PlanTitle result={second} plans={plans} side={t('grouper.comparePlan')} />}
          />
        </Col>
      </Row>
    </Space>
  );
}
