import { Alert, Card, Col, Flex, Row, Space, Table, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';

import type { GroupResult, Plan } from '../api/types';

import { differences, samePlan, type Compared } from './compare';
import { PlanLine } from './result-view';
import { useResultRows } from './result-rows';
import { TraceView } from './trace-view';

function PlanTitle({
  result,
  plans,
  side,
  stacked,
}: {
  result: GroupResult;
  plans: readonly Plan[];
  side: string;
  stacked?: boolean;
}) {
  const name = plans.find((p) => p.id === result.plan)?.name;
  const sideLabel = (
    <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: stacked ? 12 : undefined }}>
      {side}
    </Typography.Text>
  );
  const id = (
    <Typography.Text strong title={name}>
      {result.plan}
    </Typography.Text>
  );
  if (stacked) {
    return (
      <Flex vertical>
        {sideLabel}
        {id}
      </Flex>
    );
  }
  return (
    <Space size={6} style={{ maxWidth: '100%' }}>
      {sideLabel}
      {id}
      {name && (
        <Typography.Text type="secondary" ellipsis={{ tooltip: name }} style={{ maxWidth: 180, fontWeight: 'normal' }}>
          {name}
        </Typography.Text>
      )}
    </Space>
  );
}

/**
 * The case under two plans, side by side: one table with a column per plan
 * whose differing rows are highlighted and marked, then the two decision
 * paths next to each other. Choosing the same plan twice (only one plan is
 * shipped) is allowed and said plainly.
 */
export function CompareView({ first, second, plans }: { first: GroupResult; second: GroupResult; plans: readonly Plan[] }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const rows = useResultRows();
  const diff = differences(first, second);
  const same = samePlan(first, second);
  const differs = (key: string) => diff.has(key as Compared);
  const firstTitle = <PlanTitle result={first} plans={plans} side={t('grouper.plan')} />;
  const secondTitle = <PlanTitle result={second} plans={plans} side={t('grouper.comparePlan')} />;

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="compare-view">
      {same ? (
        <Alert type="info" showIcon message={t('grouper.same')} description={t('grouper.samePlan', { plan: first.plan })} />
      ) : diff.size === 0 ? (
        <Alert type="success" showIcon message={t('grouper.same')} />
      ) : (
        <Alert type="warning" showIcon message={t('grouper.differs')} />
      )}
      <Table
        size="small"
        bordered
        pagination={false}
        rowKey="key"
        dataSource={rows}
        data-testid="compare-table"
        onRow={(row) => ({
          style: differs(row.key) ? { background: token.colorWarningBg } : undefined,
          'data-differs': differs(row.key) ? 'true' : undefined,
        })}
        columns={[
          {
            key: 'label',
            title: '',
            width: 148,
            render: (_, row) => (
              <Space size={4} wrap>
                <span>{row.label}</span>
                {differs(row.key) && (
                  <Tag color="warning" bordered={false}>
                    {t('grouper.different')}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            key: 'first',
            title: <PlanTitle result={first} plans={plans} side={t('grouper.plan')} stacked />,
            render: (_, row) => row.content(first),
          },
          {
            key: 'second',
            title: <PlanTitle result={second} plans={plans} side={t('grouper.comparePlan')} stacked />,
            render: (_, row) => row.content(second),
          },
        ]}
      />
      <Row gutter={12}>
        {[
          { key: 'first', title: firstTitle, result: first },
          { key: 'second', title: secondTitle, result: second },
        ].map((col) => (
          <Col span={12} key={col.key}>
            <Card size="small" title={col.title}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('grouper.trace')}
              </Typography.Title>
              <TraceView trace={col.result.trace ?? []} />
              <PlanLine result={col.result} />
            </Card>
          </Col>
        ))}
      </Row>
    </Space>
  );
}
