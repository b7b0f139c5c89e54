import { PageContainer } from '@ant-design/pro-components';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { problemOf } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';

import {
  type SettingsOverview,
  type SettingsUpdate,
  type SettingsVersion,
  useSpecialCaseSettings,
  useUpdateSpecialCaseSettings,
} from '../api/settings';
import { useSettingsText } from '../components/settings-text';
import { BASIS_RATES, fromPercent, nestedFieldErrors, toPercent } from '../model/form';

/** The form's values: shares as percentages, the day as a dayjs. */
interface FormValues {
  effective_from: Dayjs;
  quota: Omit<SettingsVersion['quota'], 'replace_share' | 'warn_at'> & { replace_share: number; warn_at: number };
  window: SettingsVersion['window'];
  deadlines: SettingsVersion['deadlines'];
}

const FIELDS = new Set([
  'effective_from',
  'quota.basis',
  'quota.rate',
  'quota.scope',
  'quota.period',
  'quota.replace_share',
  'quota.warn_at',
  'window.kind',
  'window.workdays',
  'deadlines.info_due_workdays',
  'deadlines.reminder_workdays_before',
  'deadlines.info_expiry',
  'deadlines.intake_sla_workdays',
]);

function toForm(v: SettingsVersion, today: string): FormValues {
  return {
    effective_from: dayjs(today),
    quota: { ...v.quota, replace_share: toPercent(v.quota.replace_share) ?? 0, warn_at: toPercent(v.quota.warn_at) ?? 80 },
    window: { ...v.window },
    deadlines: { ...v.deadlines },
  };
}

function toBody(values: FormValues, version: number): SettingsUpdate {
  return {
    version,
    effective_from: values.effective_from.format('YYYY-MM-DD'),
    quota: {
      ...values.quota,
      rate: BASIS_RATES[values.quota.basis] ?? values.quota.rate.trim(),
      replace_share: fromPercent(values.quota.replace_share),
      warn_at: fromPercent(values.quota.warn_at),
    },
    window: { kind: values.window.kind, workdays: values.window.kind === 'any_time' ? 0 : values.window.workdays },
    deadlines: values.deadlines,
  };
}

/**
 * 特例单议 › 规则设置: the region's quota, window and deadlines in force, every
 * version, and for the bureau administrator a form that saves a new version.
 */
export default function SettingsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const query = useSpecialCaseSettings();

  if (query.isError) {
    return (
      <PageContainer title={<PageTitle>{t('scsettings.title')}</PageTitle>}>
        <ProblemResult error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      </PageContainer>
    );
  }
  const data = query.data;
  return (
    <PageContainer
      title={<PageTitle>{t('scsettings.title')}</PageTitle>}
      content={<Typography.Text type="secondary">{t('scsettings.intro')}</Typography.Text>}
    >
      {!data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <InForceCard data={data} />
          {access.canUpdateSpecialCaseSettings ? (
            <EditCard data={data} />
          ) : (
            <Typography.Text type="secondary">{t('scsettings.readOnly')}</Typography.Text>
          )}
          <HistoryCard data={data} />
        </Space>
      )}
    </PageContainer>
  );
}

function InForceCard({ data }: { data: SettingsOverview }) {
  const { t } = useTranslation();
  const text = useSettingsText();
  const v = data.in_force;
  return (
    <Card
      title={t('scsettings.inForce')}
      data-testid="settings-in-force"
      extra={
        v.version === 0 ? (
          <Tag>{t('scsettings.defaults')}</Tag>
        ) : (
          <Tag color="green">
            {t('scsettings.version', { version: v.version })} · {t('scsettings.effectiveFrom')} {v.effective_from}
          </Tag>
        )
      }
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label={t('scsettings.quota.basis')}>{text.basis(v)}</Descriptions.Item>
        <Descriptions.Item label={t('scsettings.quota.scope')}>{text.scope(v)}</Descriptions.Item>
        <Descriptions.Item label={t('scsettings.quota.period')}>{text.period(v)}</Descriptions.Item>
        <Descriptions.Item label={t('scsettings.quota.replaceShare')}>{toPercent(v.quota.replace_share)} %</Descriptions.Item>
        <Descriptions.Item label={t('scsettings.quota.warnAt')}>{toPercent(v.quota.warn_at)} %</Descriptions.Item>
        <Descriptions.Item label={t('scsettings.window.kind')} span={2}>
          <span data-testid="in-force-window">{text.window(v)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('scsettings.deadlines.infoDue')}>
          {t('scsettings.deadlines.days', { n: v.deadlines.info_due_workdays })}
        </Descriptions.Item>
        <Descriptions.Item label={t('scsettings.deadlines.reminder')}>
          {t('scsettings.deadlines.days', { n: v.deadlines.reminder_workdays_before })}
        </Descriptions.Item>
        <Descriptions.Item label={t('scsettings.deadlines.expiry')}>{text.expiry(v)}</Descriptions.Item>
        <Descriptions.Item label={t('scsettings.deadlines.intakeSla')}>
          {t('scsettings.deadlines.days', { n: v.deadlines.intake_sla_workdays })}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function EditCard({ data }: { data: SettingsOverview }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateSpecialCaseSettings();
  const [form] = Form.useForm<FormValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const basis = Form.useWatch(['quota', 'basis'], form);
  const kind = Form.useWatch(['window', 'kind'], form);

  // The form starts from the newest version (a scheduled one included).
  const base = data.history?.[0] ?? data.in_force;
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toForm(base, data.today));
  }, [base, data.today, form]);

  useEffect(() => {
    const fixed = basis === undefined ? undefined : BASIS_RATES[basis];
    if (fixed !== undefined) form.setFieldValue(['quota', 'rate'], fixed);
  }, [basis, form]);

  const save = (values: FormValues) => {
    setProblems([]);
    update.mutate(toBody(values, data.latest_version), {
      onSuccess: (o) => void message.success(t('scsettings.saved', { version: o.latest_version })),
      onError: (err) => {
        const problem = problemOf(err);
        if (problem?.status === 409) {
          setProblems([t('scsettings.stale')]);
          return;
        }
        if (problem?.status === 422) {
          const { fields, rest } = nestedFieldErrors(problem, FIELDS);
          form.setFields(fields as Parameters<typeof form.setFields>[0]);
          setProblems(rest.length > 0 ? rest : [t('scsettings.fixErrors')]);
          return;
        }
        setProblems([err instanceof Error ? err.message : String(err)]);
      },
    });
  };

  const today = dayjs(data.today);
  const workdays = (
    <InputNumber min={1} max={60} precision={0} addonAfter={t('scsettings.unit.workdays')} style={{ width: 200 }} />
  );
  return (
    <Card title={t('scsettings.edit')}>
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={problems.map((p) => (
            <div key={p}>{p}</div>
          ))}
        />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="horizontal"
        labelCol={{ xs: 24, md: 8 }}
        wrapperCol={{ xs: 24, md: 14 }}
        onFinish={save}
        scrollToFirstError
      >
        <Divider orientation="left">{t('scsettings.sections.quota')}</Divider>
        <Form.Item name={['quota', 'basis']} label={t('scsettings.quota.basis')} rules={[{ required: true }]}>
          <Select
            options={(['DRG_5pct', 'DIP_5permille', 'custom'] as const).map((b) => ({
              value: b,
              label: t(`scsettings.quota.bases.${b}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name={['quota', 'rate']}
          label={t('scsettings.quota.rate')}
          extra={t('scsettings.quota.rateHelp')}
          rules={[{ required: true, pattern: /^\d+(\.\d+)?$/ }]}
        >
          <Input disabled={basis !== 'custom'} style={{ width: 200 }} inputMode="decimal" />
        </Form.Item>
        <Form.Item name={['quota', 'scope']} label={t('scsettings.quota.scope')} rules={[{ required: true }]}>
          <Radio.Group
            options={(['region', 'hospital'] as const).map((s) => ({ value: s, label: t(`scsettings.quota.scopes.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name={['quota', 'period']} label={t('scsettings.quota.period')} rules={[{ required: true }]}>
          <Radio.Group
            options={(['month', 'quarter', 'year'] as const).map((p) => ({ value: p, label: t(`scsettings.quota.periods.${p}`) }))}
          />
        </Form.Item>
        <Form.Item
          name={['quota', 'replace_share']}
          label={t('scsettings.quota.replaceShare')}
          extra={t('scsettings.quota.replaceShareHelp')}
          rules={[{ required: true }]}
        >
          <InputNumber min={0} max={100} precision={2} addonAfter="%" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name={['quota', 'warn_at']}
          label={t('scsettings.quota.warnAt')}
          extra={t('scsettings.quota.warnAtHelp')}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} max={100} precision={2} addonAfter="%" style={{ width: 200 }} />
        </Form.Item>

        <Divider orientation="left">{t('scsettings.sections.window')}</Divider>
        <Form.Item name={['window', 'kind']} label={t('scsettings.window.kind')} rules={[{ required: true }]}>
          <Radio.Group>
            <Space direction="vertical">
              {(['quarterly_first_workdays', 'after_discharge_workdays', 'any_time'] as const).map((k) => (
                <Radio key={k} value={k}>
                  {t(`scsettings.window.kinds.${k}`)}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        {kind !== 'any_time' ? (
          <Form.Item
            name={['window', 'workdays']}
            label={t('scsettings.window.workdays')}
            extra={t('scsettings.window.workdaysHelp')}
            rules={[{ required: true }]}
          >
            {workdays}
          </Form.Item>
        ) : null}

        <Divider orientation="left">{t('scsettings.sections.deadlines')}</Divider>
        <Form.Item
          name={['deadlines', 'info_due_workdays']}
          label={t('scsettings.deadlines.infoDue')}
          extra={t('scsettings.deadlines.infoDueHelp')}
          rules={[{ required: true }]}
        >
          {workdays}
        </Form.Item>
        <Form.Item
          name={['deadlines', 'reminder_workdays_before']}
          label={t('scsettings.deadlines.reminder')}
          extra={t('scsettings.deadlines.reminderHelp')}
          rules={[{ required: true }]}
        >
          <InputNumber min={0} max={59} precision={0} addonAfter={t('scsettings.unit.workdays')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name={['deadlines', 'info_expiry']} label={t('scsettings.deadlines.expiry')} rules={[{ required: true }]}>
          <Radio.Group
            options={(['withdraw', 'escalate'] as const).map((e) => ({ value: e, label: t(`scsettings.deadlines.expiries.${e}`) }))}
          />
        </Form.Item>
        <Form.Item
          name={['deadlines', 'intake_sla_workdays']}
          label={t('scsettings.deadlines.intakeSla')}
          extra={t('scsettings.deadlines.intakeSlaHelp')}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} max={120} precision={0} addonAfter={t('scsettings.unit.workdays')} style={{ width: 200 }} />
        </Form.Item>

        <Divider />
        <Form.Item
          name="effective_from"
          label={t('scsettings.effectiveFrom')}
          extra={t('scsettings.effectiveFromHelp')}
          rules={[{ required: true }]}
        >
          <DatePicker allowClear={false} disabledDate={(d) => d.isBefore(today, 'day')} />
        </Form.Item>
        <Form.Item wrapperCol={{ md: { offset: 8 } }}>
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {t('scsettings.save')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function HistoryCard({ data }: { data: SettingsOverview }) {
  const { t } = useTranslation();
  const text = useSettingsText();
  const color: Record<string, string> = { in_force: 'green', scheduled: 'blue', superseded: 'default' };
  const columns: ColumnsType<SettingsVersion> = [
    { title: t('scsettings.col.version'), dataIndex: 'version', width: 80 },
    { title: t('scsettings.col.effectiveFrom'), dataIndex: 'effective_from', width: 120 },
    {
      title: t('scsettings.col.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: SettingsVersion['status']) => <Tag color={color[s]}>{t(`scsettings.statuses.${s}`)}</Tag>,
    },
    { title: t('scsettings.col.quota'), key: 'quota', render: (_, v) => text.quota(v) },
    { title: t('scsettings.col.window'), key: 'window', render: (_, v) => text.window(v) },
    { title: t('scsettings.col.deadlines'), key: 'deadlines', render: (_, v) => text.deadlines(v) },
    {
      title: t('scsettings.col.createdBy'),
      key: 'by',
      render: (_, v) => (
        <span>
          {v.created_by}
          <br />
          <Typography.Text type="secondary">{v.created_at ? formatDateTime(v.created_at) : ''}</Typography.Text>
        </span>
      ),
    },
  ];
  return (
    <Card title={t('scsettings.history')}>
      <Table
        rowKey="version"
        size="small"
        columns={columns}
        dataSource={data.history ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('scsettings.historyEmpty') }}
        scroll={{ x: 900 }}
      />
    </Card>
  );
}
