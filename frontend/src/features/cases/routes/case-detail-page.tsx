import { PageContainer } from '@ant-design/pro-components';
import { Badge, Button, Card, Col, Descriptions, Flex, Row, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { formatDate, formatDateTime, formatMoney } from '@/lib/format';

import { useCase } from '../api/get-case';
import type { CaseView } from '../api/types';
import { BarList } from '../components/bar-list';
import { DiagnosesTable, FeeItemsTable, FindingsTable, IcuTable, ProceduresTable, VersionsTable } from '../components/detail-tables';
import { GroupingPanel } from '../components/grouping-panel';
import { PaymentPanel } from '../components/payment-panel';
import { ClassTag, Money, PatientCell, ReasonTags } from '../components/tags';
import { roundDecimal } from '../model/numbers';

function Header({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const d = c.case;
  const insurance = c.insurance_type === '310' || c.insurance_type === '390' ? t(`cases.detail.insuranceTypes.${c.insurance_type}`) : c.insurance_type;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
      <Descriptions.Item label={t('cases.detail.hospital')}>{c.hospital_name}</Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.patient')}>
        <PatientCell name={c.name_mask} sex={c.sex} age={c.age} />
      </Descriptions.Item>
      <Descriptions.Item label={t('cases.list.mrn')}>{c.mrn || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.idNumber')}>{c.id_number_mask || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.admitted')}>{formatDateTime(c.admitted_at)}</Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.discharged')}>{formatDateTime(c.discharged_at)}</Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.los')}>{t('cases.detail.losDays', { days: c.los })}</Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.insurance')}>
        {insurance || '—'}
        {c.insured_place && <Typography.Text type="secondary"> · {c.insured_place}</Typography.Text>}
      </Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.admissionDept')}>{d.adm_caty || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.dischargeDept')}>{d.dscg_caty || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.transferDepts')}>{(d.refldept_dept ?? []).join(' → ') || '—'}</Descriptions.Item>
      <Descriptions.Item label={`${t('cases.detail.icuHours')} / ${t('cases.detail.ventHours')}`}>
        {t('cases.detail.hours', { hours: c.icu_hours })} / {t('cases.detail.hours', { hours: c.vent_hours })}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** Key figures in the header: DRG, payment standard, cost ratio, total cost, DRG payment. */
function Figures({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const item = (label: string, value: ReactNode) => (
    <Flex vertical>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <span style={{ fontSize: 18, fontWeight: 600 }}>{value}</span>
    </Flex>
  );
  return (
    <Flex gap={32} wrap>
      {item('DRG', <span className="tabular-nums">{c.drg || '—'}</span>)}
      {item(t('cases.list.colWeight'), <span className="tabular-nums">{roundDecimal(c.weight, 4)}</span>)}
      {item(t('cases.detail.paymentStandard'), <span className="money">{formatMoney(c.payment_standard)}</span>)}
      {item(t('cases.detail.costRatio'), <span className="tabular-nums">{roundDecimal(c.cost_ratio, 2)}</span>)}
      {item(t('cases.detail.totalCost'), <span className="money">{formatMoney(c.total_cost)}</span>)}
      {item(t('cases.detail.drgPayment'), <span className="money">{formatMoney(c.drg_payment)}</span>)}
    </Flex>
  );
}

function Overview({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={13}>
        <GroupingPanel grouping={c.grouping} />
      </Col>
      <Col xs={24} xl={11}>
        <Flex vertical gap={16}>
          <PaymentPanel pricing={c.pricing} error={c.pricing_error} />
          <Card size="small" title={t('cases.detail.reasons')}>
            {(c.reasons ?? []).length > 0 ? (
              <ReasonTags reasons={c.reasons} />
            ) : (
              <Typography.Text type="secondary">{t('cases.detail.noReasons')}</Typography.Text>
            )}
          </Card>
        </Flex>
      </Col>
    </Row>
  );
}

function Fees({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const categories = c.fee_categories ?? [];
  const name = (code: string) => categories.find((f) => f.code === code)?.name ?? '';
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('cases.detail.feeCategories')} extra={<Money value={c.total_cost} strong />}>
        <BarList
          testId="fee-categories"
          bars={categories.map((f) => ({ key: f.code, label: `${f.code} ${f.name}`, value: f.amount, display: formatMoney(f.amount) }))}
        />
      </Card>
      <Card size="small" title={t('cases.detail.feeItems')}>
        <FeeItemsTable rows={c.case.feedetail ?? []} categoryName={name} />
      </Card>
    </Flex>
  );
}

function Clinical({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('cases.detail.diagnoses')}>
        <DiagnosesTable rows={c.case.diseinfo ?? []} />
      </Card>
      <Card size="small" title={t('cases.detail.procedures')}>
        <ProceduresTable rows={c.case.oprninfo ?? []} />
      </Card>
      <Card size="small" title={t('cases.detail.icu')}>
        <IcuTable rows={c.case.icuinfo ?? []} />
      </Card>
    </Flex>
  );
}

/**
 * 病例详情: what the case is (header, key figures, tags), how it grouped and
 * what it is paid (概览), its fees, diagnoses and procedures, quality
 * findings and versions.
 */
export default function CaseDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useCase(id);
  const access = useAccess();
  const c = query.data;

  if (query.isError) {
    return (
      <PageContainer title={<PageTitle>{t('cases.detail.title')}</PageTitle>}>
        <ProblemResult error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      </PageContainer>
    );
  }
  if (c === undefined) {
    return (
      <PageContainer title={<PageTitle>{t('cases.detail.title')}</PageTitle>}>
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </PageContainer>
    );
  }
  const findings = c.findings ?? [];
  const current = (c.versions ?? []).find((v) => v.id === c.id)?.current ?? true;
  return (
    <PageContainer
      title={
        <PageTitle>
          {t('cases.detail.title')} <span className="tabular-nums">{c.settlement_id}</span>
        </PageTitle>
      }
      subTitle={
        <Space size={4} wrap>
          <Tag color={current ? 'green' : 'default'}>
            {t('cases.detail.version', { version: c.version })} · {current ? t('cases.detail.currentVersion') : t('cases.detail.oldVersion')}
          </Tag>
          <ClassTag value={c.price_class} />
          {c.cross_region && <Tag color="geekblue">{t('cases.detail.crossRegion')}</Tag>}
          {c.readmit31 && <Tag color="gold">{t('cases.detail.readmit')}</Tag>}
          <ReasonTags reasons={c.reasons} />
        </Space>
      }
      extra={
        <Space>
          {access.canCreateApplication && current && (
            <Link to={`/applications/new?case=${encodeURIComponent(c.id)}`}>
              <Button type="primary" data-testid="apply-button">
                {t('cases.detail.apply')}
              </Button>
            </Link>
          )}
          <Link to="/cases">{t('cases.detail.back')}</Link>
        </Space>
      }
      content={
        <Flex vertical gap={12}>
          <Header c={c} />
          <Figures c={c} />
        </Flex>
      }
      footer={undefined}
    >
      <Tabs
        defaultActiveKey="overview"
        items={[
          { key: 'overview', label: t('cases.detail.tabs.overview'), children: <Overview c={c} /> },
          { key: 'fees', label: t('cases.detail.tabs.fees'), children: <Fees c={c} /> },
          { key: 'clinical', label: t('cases.detail.tabs.clinical'), children: <Clinical c={c} /> },
          {
            key: 'quality',
            label: (
              <Space size={4}>
                {t('cases.detail.tabs.quality')}
                {c.quality_errors > 0 && <Badge count={c.quality_errors} size="small" />}
              </Space>
            ),
            children: (
              <Card size="small" title={t('cases.detail.findings')}>
                <FindingsTable rows={findings} />
              </Card>
            ),
          },
          {
            key: 'versions',
            label: t('cases.detail.tabs.versions'),
            children: (
              <Card size="small" title={t('cases.detail.versions')}>
                <VersionsTable rows={c.versions ?? []} currentId={c.id} />
              </Card>
            ),
          },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDate(c.discharged_at)} · {c.plan_id}
      </Typography.Text>
    </PageContainer>
  );
}
