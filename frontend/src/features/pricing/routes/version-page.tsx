import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Card, DatePicker, Descriptions, Input, Modal, Space, Table, Tabs, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { formatDateTime, formatMoney } from '@/lib/format';
import { problemOf } from '@/lib/form-errors';

import { useActivatePricingVersion, useRetirePricingVersion } from '../api/activate-pricing-version';
import { usePricingVersion, type PricingDetail } from '../api/get-pricing-version';
import { PreviewForm } from '../components/preview-form';
import { Span, StatusTag } from '../components/status-tag';

type Level = 'tertiary' | 'secondary' | 'primary';
const LEVELS: Level[] = ['tertiary', 'secondary', 'primary'];

/** One pricing version: parameters, weights, preview, and the actions its state allows. */
export default function VersionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const version = usePricingVersion(id);
  const v = version.data;

  if (version.isError) {
    return (
      <PageContainer title={<PageTitle>{t('pricing.title')}</PageTitle>}>
        <ProblemResult error={version.error} onRetry={() => void version.refetch()} />
      </PageContainer>
    );
  }
  return (
    <PageContainer
      loading={version.isLoading}
      onBack={() => void navigate('/pricing')}
      title={v ? <PageTitle>{t('pricing.detail.title', { year: v.year, number: v.number })}</PageTitle> : undefined}
      tags={v ? <StatusTag v={v} /> : undefined}
      extra={v ? <Actions v={v} /> : undefined}
      content={
        v ? (
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t('pricing.method')}>{t(`pricing.methods.${v.method as 'rate'}`)}</Descriptions.Item>
            <Descriptions.Item label={t('pricing.effective')}>
              <Span from={v.effective_from} to={v.effective_to} />
            </Descriptions.Item>
            <Descriptions.Item label={t('pricing.weights')}>{v.weight_count}</Descriptions.Item>
            <Descriptions.Item label={t('pricing.source')}>{v.source || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('pricing.createdBy')}>
              {`${v.created_by} ${formatDateTime(v.created_at)}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('pricing.activatedBy')}>
              {v.activated_at ? `${v.activated_by} ${formatDateTime(v.activated_at)}` : '—'}
            </Descriptions.Item>
          </Descriptions>
        ) : undefined
      }
    >
      {v ? (
        <Tabs
          items={[
            { key: 'params', label: t('pricing.detail.overview'), children: <Parameters v={v} /> },
            { key: 'weights', label: t('pricing.detail.weightsTab'), children: <Weights v={v} /> },
            { key: 'preview', label: t('pricing.detail.previewTab'), children: <Card><PreviewForm id={v.id} /></Card> },
          ]}
        />
      ) : null}
    </PageContainer>
  );
}

function Actions({ v }: { v: PricingDetail }) {
  const { t } = useTranslation();
  const access = useAccess();
  const { message, modal } = App.useApp();
  const activate = useActivatePricingVersion();
  const retire = useRetirePricingVersion();
  const [ending, setEnding] = useState(false);
  const [endDay, setEndDay] = useState<Dayjs | null>(null);

  const fail = (err: unknown) => {
    const p = problemOf(err);
    void message.error(p ? (p.errors?.[0]?.message ?? p.detail ?? p.title) : String(err));
  };
  if (!access.canActivatePricing && !access.canRetirePricing) {
    return <Typography.Text type="secondary">{t('pricing.detail.readOnly')}</Typography.Text>;
  }
  return (
    <Space>
      {v.status === 'draft' && access.canActivatePricing ? (
        <Button
          type="primary"
          loading={activate.isPending}
          onClick={() =>
            modal.confirm({
              title: t('pricing.detail.activateTitle'),
              content: t('pricing.detail.activateBody', { from: v.effective_from, to: v.effective_to || t('pricing.openEnded') }),
              okText: t('pricing.detail.activate'),
              cancelText: t('common.cancel'),
              onOk: () =>
                activate.mutateAsync({ id: v.id, version: v.version }).then(
                  () => void message.success(t('pricing.detail.activated')),
                  fail,
                ),
            })
          }
        >
          {t('pricing.detail.activate')}
        </Button>
      ) : null}
      {v.status === 'draft' && access.canRetirePricing ? (
        <Button
          danger
          onClick={() =>
            modal.confirm({
              title: t('pricing.detail.retireTitle'),
              content: t('pricing.detail.retireBody'),
              okText: t('pricing.detail.retire'),
              okButtonProps: { danger: true },
              cancelText: t('common.cancel'),
              onOk: () => retire.mutateAsync({ id: v.id, version: v.version }).catch(fail),
            })
          }
        >
          {t('pricing.detail.retire')}
        </Button>
      ) : null}
      {v.status === 'active' && !v.ended && access.canRetirePricing ? (
        <>
          <Button onClick={() => setEnding(true)}>{t('pricing.detail.end')}</Button>
          <Modal
            open={ending}
            title={t('pricing.detail.endTitle')}
            okButtonProps={{ disabled: !endDay }}
            confirmLoading={retire.isPending}
            cancelText={t('common.cancel')}
            onCancel={() => setEnding(false)}
            onOk={() =>
              retire.mutateAsync({ id: v.id, version: v.version, effectiveTo: endDay?.format('YYYY-MM-DD') }).then(() => {
                setEnding(false);
                void message.success(t('pricing.detail.ended'));
              }, fail)
            }
          >
            <Space direction="vertical">
              <Typography.Text>{t('pricing.detail.endBody')}</Typography.Text>
              <DatePicker value={endDay} onChange={setEndDay} />
            </Space>
          </Modal>
        </>
      ) : null}
    </Space>
  );
}

function Parameters({ v }: { v: PricingDetail }) {
  const { t } = useTranslation();
  const s = v.spec;
  const levelName = (l: string) => t(`pricing.levels.${(l || '') as Level}`);
  const ps = s.patient_share;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={s.method === 'point' ? t('pricing.detail.pointValues') : t('pricing.detail.baseRates')} size="small">
        <Descriptions size="small" column={3}>
          {(['employee', 'resident'] as const).map((f) => (
            <Descriptions.Item key={f} label={t(`pricing.funds.${f}`)}>
              {s.method === 'point' ? (s.point_values?.[f] ?? '—') : formatMoney(s.base_rates?.[f])}
            </Descriptions.Item>
          ))}
          {s.method === 'point' ? (
            <Descriptions.Item label={t('pricing.detail.pointsPerWeight')}>{s.points_per_weight}</Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card title={t('pricing.detail.levelCoefficients')} size="small">
        <Descriptions size="small" column={3}>
          {LEVELS.filter((l) => s.level_coefficients?.[l]).map((l) => (
            <Descriptions.Item key={l} label={levelName(l)}>
              {s.level_coefficients[l]}
            </Descriptions.Item>
          ))}
        </Descriptions>
        {Object.keys(s.hospital_coefficients ?? {}).length > 0 ? (
          <Typography.Paragraph type="secondary">
            {t('pricing.detail.hospitalCoefficients')}:{' '}
            {Object.entries(s.hospital_coefficients ?? {})
              .map(([h, k]) => `${h} ${k}`)
              .join('，')}
          </Typography.Paragraph>
        ) : null}
      </Card>
      <Card title={t('pricing.detail.outliers')} size="small">
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.level ?? ''}-${r.up_to_weight}`}
          dataSource={s.outliers.tiers ?? []}
          columns={[
            { title: t('pricing.detail.tierLevel'), dataIndex: 'level', render: (l: string) => levelName(l) },
            {
              title: t('pricing.detail.tierUpTo'),
              dataIndex: 'up_to_weight',
              render: (w: string) => (!w || w === '0' ? t('pricing.detail.noLimit') : w),
            },
            { title: t('pricing.detail.tierHigh'), dataIndex: 'high', render: (x: string) => `${x}×` },
            { title: t('pricing.detail.tierLow'), dataIndex: 'low', render: (x: string) => `${x}×` },
          ]}
        />
        <Descriptions size="small" column={2} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('pricing.detail.highRule')}>{s.outliers.high}</Descriptions.Item>
          <Descriptions.Item label={t('pricing.detail.lowRule')}>{s.outliers.low}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('pricing.detail.patientShare')} size="small">
        <Table
          size="small"
          pagination={false}
          rowKey="level"
          dataSource={LEVELS.filter((l) => ps.deductibles?.[l]).map((l) => ({ level: l }))}
          columns={[
            { title: t('pricing.detail.tierLevel'), dataIndex: 'level', render: (l: string) => levelName(l) },
            {
              title: t('pricing.detail.deductible'),
              key: 'd',
              align: 'right',
              render: (_, r: { level: Level }) => formatMoney(ps.deductibles?.[r.level]),
            },
            ...(['employee', 'resident'] as const).map((f) => ({
              title: `${t('pricing.detail.fundRatio')}（${t(`pricing.funds.${f}`)}）`,
              key: f,
              render: (_: unknown, r: { level: Level }) => ps.fund_ratios?.[r.level]?.[f] ?? '—',
            })),
          ]}
        />
        <Descriptions size="small" column={2} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('pricing.detail.classBSelfPay')}>{ps.class_b_self_pay}</Descriptions.Item>
          <Descriptions.Item label={t('pricing.detail.fundPayment')}>{s.fund_payment}</Descriptions.Item>
        </Descriptions>
      </Card>
      {(s.standards ?? []).length > 0 ? (
        <Alert type="info" showIcon message={`${t('pricing.detail.standards')}: ${(s.standards ?? []).length}`} />
      ) : null}
    </Space>
  );
}

function Weights({ v }: { v: PricingDetail }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const rows = useMemo(() => {
    const names = v.names ?? {};
    const needle = q.trim().toLowerCase();
    return Object.entries(v.spec.weights ?? {})
      .map(([code, weight]) => ({ code, weight, name: names[code] ?? '' }))
      .filter((r) => !needle || r.code.toLowerCase().includes(needle) || r.name.toLowerCase().includes(needle))
      .sort((a, b) => a.code.localeCompare(b.code));
  }, [v, q]);
  return (
    <Card>
      <Input.Search
        allowClear
        placeholder={t('pricing.detail.search')}
        aria-label={t('pricing.detail.search')}
        style={{ maxWidth: 320, marginBottom: 12 }}
        onSearch={setQ}
        onChange={(e) => setQ(e.target.value)}
      />
      <Table
        size="small"
        rowKey="code"
        dataSource={rows}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: t('pricing.detail.code'), dataIndex: 'code', width: 120 },
          { title: t('pricing.detail.name'), dataIndex: 'name' },
          { title: t('pricing.detail.weight'), dataIndex: 'weight', align: 'right', width: 140 },
        ]}
      />
    </Card>
  );
}
