import { Card, Col, Descriptions, Empty, Flex, Row, Space, Steps, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDate, formatMoney } from '@/lib/format';

import type { FeeLine, ReviewCase } from '../api/types';
import { useReviewLabels } from '../model/labels';

import { TypeTags } from './tags';

/** 概览: patient (age, sex only), clinical data, codes, the hospital's case and the screening hits. */
export function CaseOverview({ c }: { c: ReviewCase }) {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const a = c.application;
  const cl = c.clinical;
  const age = c.patient.age > 0 || c.patient.age_days === 0 ? t('review.case.ageYears', { age: c.patient.age }) : t('review.case.ageDays', { days: c.patient.age_days });
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Flex vertical gap={16}>
          <Card size="small" title={t('review.case.patient')} data-testid="case-patient">
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('review.case.age')}>{age}</Descriptions.Item>
              <Descriptions.Item label={t('review.case.sex')}>{l.sex(c.patient.sex)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('review.case.clinical')}>
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('review.case.los')}>{t('review.case.losDays', { days: cl.los })}</Descriptions.Item>
              <Descriptions.Item label={t('review.case.discharged')}>{formatDate(a.discharged_on)}</Descriptions.Item>
              <Descriptions.Item label={t('review.case.admissionDept')}>{cl.admission_dept || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('review.case.dischargeDept')}>{cl.discharge_dept || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('review.case.transferDepts')}>{(cl.transfer_depts ?? []).join(' → ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('review.case.dischargeWay')}>{l.dischargeWay(cl.discharge_way)}</Descriptions.Item>
              <Descriptions.Item label={t('review.case.icuHours')}>{cl.icu_hours}</Descriptions.Item>
              <Descriptions.Item label={t('review.case.ventHours')}>{cl.vent_hours}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('review.case.diagnoses')}>
            <Table
              size="small"
              pagination={false}
              rowKey={(d) => `${d.diag_code}-${d.diag_name}-${d.adm_cond_type}`}
              dataSource={cl.diagnoses ?? []}
              data-testid="case-diagnoses"
              columns={[
                { title: t('review.case.code'), dataIndex: 'diag_code', render: (x: string) => <span className="tabular-nums">{x}</span> },
                { title: t('review.case.name'), dataIndex: 'diag_name' },
                { title: t('review.case.condition'), dataIndex: 'adm_cond_type', width: 90 },
              ]}
            />
          </Card>
          <Card size="small" title={t('review.case.procedures')}>
            <Table
              size="small"
              pagination={false}
              rowKey={(p) => `${p.code}-${p.date}-${p.name}`}
              dataSource={cl.procedures ?? []}
              locale={{ emptyText: t('review.common.none') }}
              columns={[
                { title: t('review.case.code'), dataIndex: 'code', render: (x: string) => <span className="tabular-nums">{x}</span> },
                { title: t('review.case.name'), dataIndex: 'name' },
                { title: t('review.case.date'), dataIndex: 'date', width: 110, render: (d: string) => formatDate(d) },
              ]}
            />
          </Card>
        </Flex>
      </Col>
      <Col xs={24} xl={12}>
        <Flex vertical gap={16}>
          <Card size="small" title={t('review.case.justification')}>
            <Flex vertical gap={8}>
              <Space size={4} wrap>
                <TypeTags types={a.types} />
                <Typography.Text type="secondary">
                  {t('review.case.claimed')}：<span className="money">{formatMoney(a.claimed_amount)}</span>
                </Typography.Text>
              </Space>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="case-justification">
                {a.justification || '—'}
              </Typography.Paragraph>
            </Flex>
          </Card>
          {a.proposal && ((a.proposal.diagnoses ?? []).length > 0 || (a.proposal.procedures ?? []).length > 0) && (
            <Card size="small" title={t('review.case.proposal')}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('review.case.diagnoses')}>{(a.proposal.diagnoses ?? []).join('、') || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('review.case.procedures')}>{(a.proposal.procedures ?? []).join('、') || '—'}</Descriptions.Item>
              </Descriptions>
            </Card>
          )}
          <Card size="small" title={t('review.case.screening')} data-testid="case-screening">
            {a.screening ? (
              <Flex vertical gap={8}>
                <Space size={[4, 4]} wrap>
                  {(a.screening.reasons ?? []).map((r) => (
                    <Tag key={r} color="volcano">
                      {l.screeningReason(r)}
                    </Tag>
                  ))}
                </Space>
                <Descriptions size="small" column={2}>
                  <Descriptions.Item label={t('review.case.costRatio')}>{a.screening.cost_ratio || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('review.case.los')}>{t('review.case.losDays', { days: a.screening.los })}</Descriptions.Item>
                </Descriptions>
              </Flex>
            ) : (
              <Typography.Text type="secondary">{t('review.common.none')}</Typography.Text>
            )}
          </Card>
          <Card size="small" title={t('review.case.findings')}>
            {(c.findings ?? []).length === 0 ? (
              <Typography.Text type="secondary">{t('review.common.none')}</Typography.Text>
            ) : (
              <Flex vertical gap={4}>
                {(c.findings ?? []).map((f, i) => (
                  <Typography.Text key={i} type={f.severity === 'error' ? 'danger' : undefined}>
                    <Tag color={f.severity === 'error' ? 'red' : 'orange'}>{f.field}</Tag>
                    {f.message}
                  </Typography.Text>
                ))}
              </Flex>
            )}
          </Card>
        </Flex>
      </Col>
    </Row>
  );
}

/** 费用: totals, categories and the item lines (the lines a deduction can name). */
export function CaseFees({ c }: { c: ReviewCase }) {
  const { t } = useTranslation();
  const f = c.fees;
  return (
    <Flex vertical gap={16}>
      <Descriptions size="small" bordered column={{ xs: 1, md: 4 }}>
        <Descriptions.Item label={t('review.case.totalCost')}>
          <span className="money" data-testid="case-total-cost">
            {formatMoney(f.total_cost)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('review.case.classA')}>
          <span className="money">{formatMoney(f.class_a)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('review.case.classB')}>
          <span className="money">{formatMoney(f.class_b)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('review.case.ownPay')}>
          <span className="money">{formatMoney(f.own_pay)}</span>
        </Descriptions.Item>
      </Descriptions>
      <Row gutter={16}>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('review.case.categories')}>
            <Table
              size="small"
              pagination={false}
              rowKey="code"
              dataSource={f.categories ?? []}
              columns={[
                { title: t('review.case.category'), key: 'n', render: (_, x) => `${x.code} ${x.name}` },
                {
                  title: t('review.case.amount'),
                  dataIndex: 'amount',
                  align: 'right',
                  render: (v: string) => <span className="money">{formatMoney(v)}</span>,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('review.case.items')}>
            <Table<FeeLine>
              size="small"
              rowKey="key"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={f.items ?? []}
              data-testid="case-fee-lines"
              columns={[
                { title: '#', dataIndex: 'key', width: 70, render: (k: string) => k.replace(/^line:/, '') },
                { title: t('review.case.code'), dataIndex: 'code', ellipsis: true },
                { title: t('review.case.name'), dataIndex: 'name', ellipsis: true },
                { title: t('review.case.category'), dataIndex: 'category', width: 70 },
                { title: t('review.case.level'), dataIndex: 'level', width: 60 },
                { title: t('review.case.quantity'), dataIndex: 'quantity', align: 'right', width: 80 },
                {
                  title: t('review.case.price'),
                  dataIndex: 'price',
                  align: 'right',
                  render: (v: string) => <span className="money">{formatMoney(v)}</span>,
                },
                {
                  title: t('review.case.amount'),
                  dataIndex: 'amount',
                  align: 'right',
                  render: (v: string) => <span className="money">{formatMoney(v)}</span>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

/** 分组: the group and its path, and what the case is paid under it. */
export function CaseGrouping({ c }: { c: ReviewCase }) {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const g = c.grouping;
  const p = c.pricing;
  const trace = g.trace ?? [];
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('review.case.grouping')}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="MDC">{[g.mdc, g.mdc_name].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
            <Descriptions.Item label="ADRG">{[g.adrg, g.adrg_name].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
            <Descriptions.Item label="DRG">
              <Typography.Text strong data-testid="case-drg">
                {[g.drg, g.drg_name].filter(Boolean).join(' ') || '—'}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('review.case.plan')}>{g.plan || '—'}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('review.case.groupingTrace')}</Typography.Title>
          {trace.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <Steps
              direction="vertical"
              size="small"
              current={trace.length}
              items={trace.map((s) => ({
                title: (
                  <span>
                    {l.traceStage(s.stage)} {s.code && <Typography.Text strong>{s.code}</Typography.Text>}
                  </span>
                ),
                description: [s.rule && s.rule !== 'ok' ? s.rule : '', s.by ?? '', s.source ?? ''].filter(Boolean).join(' · ') || undefined,
              }))}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('review.case.pricing')}>
          {p ? (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('review.case.weight')}>{p.weight || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('review.case.paymentStandard')}>
                <span className="money">{formatMoney(p.payment_standard)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('review.case.drgPayment')}>
                <span className="money">{formatMoney(p.drg_payment)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('review.case.costRatio')}>{p.cost_ratio || '—'}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">{t('review.common.none')}</Typography.Text>
          )}
        </Card>
      </Col>
    </Row>
  );
}
