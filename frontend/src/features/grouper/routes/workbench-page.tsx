import { DownOutlined, ExperimentOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  ConfigProvider,
  DatePicker,
  Dropdown,
  Empty,
  Flex,
  Form,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { problemOf } from '@/lib/form-errors';

import { CompareFailed, useGroupCase, type GroupOutcome } from '../api/group-case';
import { useGrouperPlans } from '../api/list-grouper-plans';
import type { Plan } from '../api/types';
import { CodePicker } from '../components/code-picker';
import { CompareView } from '../components/compare-view';
import {
  EXAMPLES,
  fieldForLocation,
  fieldOfValidation,
  toRequest,
  type CaseField,
  type CaseForm,
  type ExampleKey,
} from '../components/form-model';
import { useGrouperLabels } from '../components/labels';
import { ResultView } from '../components/result-view';

type Values = Omit<CaseForm, 'dischargeDate'> & { dischargeDate?: Dayjs | null };

const INITIAL: Partial<Values> = { sex: 1, diagnoses: [], procedures: [], ecmo: false };
const DISCHARGE_WAYS = ['1', '2', '3', '4', '5', '9'] as const;
const EXAMPLE_KEYS: Record<ExampleKey, 'grouper.exampleEmbolism' | 'grouper.exampleNerve'> = {
  embolism: 'grouper.exampleEmbolism',
  nerve: 'grouper.exampleNerve',
};

/** What went wrong, for the alert above the result: messages that no field could take. */
interface Failure {
  title: string;
  messages: string[];
}

function PlanOption({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <Flex vertical>
      <span>{plan.id}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
        {plan.name} · {t('grouper.planCounts', { mdcs: plan.mdcs, adrgs: plan.adrgs, drgs: plan.drgs })}
        {plan.valid_from &&
          ` · ${plan.valid_to ? t('grouper.planValidRange', { from: plan.valid_from, to: plan.valid_to }) : t('grouper.planValid', { from: plan.valid_from })}`}
      </Typography.Text>
    </Flex>
  );
}

/**
 * 分组工作台: enter a case (or pick an example), group it under a plan — or
 * under two, side by side — and read the groups and the decision path. Nothing
 * is stored; the page keeps the input whatever the outcome.
 */
export default function WorkbenchPage() {
  const { t, i18n } = useTranslation();
  const labels = useGrouperLabels();
  const [form] = Form.useForm<Values>();
  const plans = useGrouperPlans();
  const grouping = useGroupCase();
  const [failure, setFailure] = useState<Failure>();
  const plan = Form.useWatch('plan', form);
  const comparePlan = Form.useWatch('comparePlan', form);

  /** Puts the server's field errors on the fields; returns those no field can show. */
  const showProblem = (error: unknown): Failure => {
    const compare = error instanceof CompareFailed;
    const cause = compare ? error.cause : error;
    const problem = problemOf(cause);
    const title = compare ? t('grouper.compareFailed') : t('grouper.failed');
    if (problem === undefined) {
      return { title, messages: [cause instanceof Error ? cause.message : String(cause)] };
    }
    const byField = new Map<CaseField, string[]>();
    const rest: string[] = [];
    for (const e of problem.errors ?? []) {
      const field = fieldForLocation(e.location, { compare });
      if (field) byField.set(field, [...(byField.get(field) ?? []), e.message]);
      else rest.push(e.location ? `${e.location}: ${e.message}` : e.message);
    }
    form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
    if (byField.size > 0 && rest.length === 0) rest.push(t('grouper.fieldErrors'));
    if (rest.length === 0) rest.push(`${problem.status} ${problem.title}${problem.detail ? ` — ${problem.detail}` : ''}`);
    return { title, messages: rest };
  };

  /** A result that failed validation names the field (detail): show the reason there too. */
  const showValidation = (outcome: GroupOutcome) => {
    const field = fieldOfValidation(outcome.first);
    if (field) form.setFields([{ name: field, errors: [labels.reason(outcome.first.reason)] }]);
  };

  // The reason at the field follows a switch of language, as the rest of the page does.
  const validated = grouping.data;
  useEffect(() => {
    const field = validated && fieldOfValidation(validated.first);
    if (field && form.getFieldError(field).length > 0) {
      form.setFields([{ name: field, errors: [labels.reason(validated.first.reason)] }]);
    }
    // Only a change of language re-words the message.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [i18n.language]);

  const run = (v: Values) => {
    // Submitting validated every field, which cleared the server's earlier errors.
    setFailure(undefined);
    const f: CaseForm = {
      ...v,
      diagnoses: v.diagnoses ?? [],
      procedures: v.procedures ?? [],
      dischargeDate: v.dischargeDate?.format('YYYY-MM-DD'),
    };
    grouping.mutate(
      { request: toRequest(f), compare: v.comparePlan || undefined },
      { onSuccess: showValidation, onError: (err) => setFailure(showProblem(err)) },
    );
  };

  const fill = (key: ExampleKey) => {
    form.resetFields();
    setFailure(undefined);
    grouping.reset();
    // Keep the plans the user chose: the example is about the case.
    form.setFieldsValue({ ...INITIAL, ...EXAMPLES[key], plan, comparePlan });
  };

  const clear = () => {
    form.resetFields();
    grouping.reset();
    setFailure(undefined);
  };

  const planOptions = (plans.data ?? []).map((p) => ({ value: p.id, label: p.id, plan: p }));
  const examplesMenu = {
    items: (Object.keys(EXAMPLES) as ExampleKey[]).map((key) => ({ key, label: t(EXAMPLE_KEYS[key]) })),
    onClick: ({ key }: { key: string }) => fill(key as ExampleKey),
  };
  const outcome = grouping.data;
  const sameAsPlan = !!comparePlan && (comparePlan === plan || (!plan && planOptions.length === 1));

  return (
    <PageContainer title={<PageTitle>{t('grouper.title')}</PageTitle>} content={t('grouper.intro')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card title={t('grouper.caseTitle')} size="small">
            <ConfigProvider button={{ autoInsertSpace: false }} theme={{ components: { Form: { itemMarginBottom: 14, verticalLabelPadding: '0 0 4px' } } }}>
              <Form<Values>
                form={form}
                layout="vertical"
                initialValues={INITIAL}
                onFinish={run}
                requiredMark={false}
                data-testid="case-form"
              >
                {plans.isError && <Alert type="warning" showIcon message={t('grouper.plansFailed')} style={{ marginBottom: 12 }} />}
                <Row gutter={8}>
                  <Col span={12}>
                    <Form.Item name="plan" label={t('grouper.plan')}>
                      <Select
                        allowClear
                        placeholder={t('grouper.planAuto')}
                        options={planOptions}
                        loading={plans.isPending}
                        optionRender={(o) => <PlanOption plan={o.data.plan} />}
                        popupMatchSelectWidth={360}
                        data-testid="plan"
                      />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item
                      name="comparePlan"
                      label={t('grouper.comparePlan')}
                      extra={sameAsPlan ? t('grouper.compareSameHint') : undefined}
                    >
                      <Select
                        allowClear
                        placeholder={t('grouper.compareNone')}
                        options={planOptions}
                        loading={plans.isPending}
                        optionRender={(o) => <PlanOption plan={o.data.plan} />}
                        popupMatchSelectWidth={360}
                        data-testid="compare-plan"
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item
                  name="diagnoses"
                  label={t('grouper.diagnoses')}
                  tooltip={t('grouper.diagnosesHint')}
                  rules={[{ required: true, type: 'array', min: 1, message: t('grouper.diagnosisRequired') }]}
                >
                  <CodePicker kind="diagnosis" plan={plan} testId="dx-picker" autoFocus />
                </Form.Item>
                <Form.Item name="procedures" label={t('grouper.procedures')} tooltip={t('grouper.proceduresHint')}>
                  <CodePicker kind="procedure" plan={plan} testId="px-picker" />
                </Form.Item>
                <Row gutter={8}>
                  <Col span={16}>
                    <Form.Item name="sex" label={t('grouper.sex')}>
                      <Radio.Group
                        optionType="button"
                        options={[
                          { value: 1, label: t('grouper.male') },
                          { value: 2, label: t('grouper.female') },
                          { value: 0, label: t('grouper.unknown') },
                        ]}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="ecmo" valuePropName="checked" label={t('grouper.ecmo')}>
                      <Checkbox>{t('grouper.ecmoUsed')}</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="age" label={t('grouper.age')}>
                      <InputNumber min={0} max={150} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="ageDays" label={t('grouper.ageDays')} tooltip={t('grouper.ageDaysHint')}>
                      <InputNumber min={0} max={400} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="los" label={t('grouper.los')}>
                      <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="birthWeight" label={t('grouper.birthWeight')}>
                      <InputNumber min={0} max={9000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="admissionWeight" label={t('grouper.admissionWeight')}>
                      <InputNumber min={0} max={20000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="ventilationHours" label={t('grouper.ventilation')} tooltip={t('grouper.ventilationHint')}>
                      <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="dischargeDate" label={t('grouper.dischargeDate')}>
                      <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" placeholder={t('grouper.dischargeDateHint')} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="dischargeWay" label={t('grouper.dischargeWay')}>
                      <Select
                        allowClear
                        options={DISCHARGE_WAYS.map((w) => ({ value: Number(w), label: t(`grouper.dischargeWays.${w}`) }))}
                        data-testid="discharge-way"
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Space wrap>
                  {/* No `loading` here: antd leaves its spinner (aria-label "loading") in the
                      button after a quick request, renaming it "loading 分组" for screen readers.
                      The result column shows the progress instead. */}
                  <Button type="primary" htmlType="submit" data-testid="group-submit">
                    {t('grouper.group')}
                  </Button>
                  <Dropdown menu={examplesMenu} trigger={['click']}>
                    <Button icon={<ExperimentOutlined />} data-testid="examples">
                      {t('grouper.examples')} <DownOutlined />
                    </Button>
                  </Dropdown>
                  <Button onClick={clear}>{t('grouper.reset')}</Button>
                </Space>
              </Form>
            </ConfigProvider>
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          {failure && (
            <Alert
              type="error"
              showIcon
              message={failure.title}
              description={
                <Flex vertical>
                  {failure.messages.map((m) => (
                    <span key={m}>{m}</span>
                  ))}
                  <Typography.Text type="secondary">{t('grouper.failedHint')}</Typography.Text>
                </Flex>
              }
              style={{ marginBottom: 16 }}
              data-testid="group-error"
            />
          )}
          <div aria-busy={grouping.isPending}>
            <Spin spinning={grouping.isPending} tip={t('grouper.grouping')}>
              {outcome === undefined ? (
                <Card size="small">
                  <Empty description={t('grouper.empty')}>
                    <Space direction="vertical" align="center">
                      <Typography.Text type="secondary">{t('grouper.emptyExamples')}</Typography.Text>
                      <Space wrap>
                        {(Object.keys(EXAMPLES) as ExampleKey[]).map((key) => (
                          <Button key={key} size="small" onClick={() => fill(key)}>
                            {t(EXAMPLE_KEYS[key])}
                          </Button>
                        ))}
                      </Space>
                    </Space>
                  </Empty>
                </Card>
              ) : outcome.second === undefined ? (
                <ResultView result={outcome.first} />
              ) : (
                <CompareView first={outcome.first} second={outcome.second} plans={plans.data ?? []} />
              )}
            </Spin>
          </div>
        </Col>
      </Row>
    </PageContainer>
  );
}
