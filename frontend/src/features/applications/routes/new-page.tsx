import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, Form, Input, Result, Space, Steps, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { api, unwrap } from '@/lib/api-client';
import { showProblemOnForm } from '@/lib/form-errors';
import { formatDate, formatMoney } from '@/lib/format';

import { useCreateApplication, useTransition, useUpdateApplication } from '../api/commands';
import { useApplication, useApplicationOptions, useRegroupPreview } from '../api/queries';
import type { ApplicationType, CreateBody } from '../api/types';
import { Checklist, EvidencePanel, EvidenceUploader } from '../components/evidence-panel';
import { TypeTags } from '../components/status-tag';
import { WhatIfPanel } from '../components/what-if-panel';
import { WorkflowAlert } from '../components/workflow-alert';
import { isAmount, parseCodes } from '../model/filters';
import { useApplicationLabels } from '../model/labels';
import { useWorkflowMessage } from '../model/use-workflow-message';

interface Values {
  types: ApplicationType[];
  diagnoses?: string;
  procedures?: string;
  justification?: string;
  claimed_amount?: string;
}

const FIELDS = ['types', 'justification', 'claimed_amount', 'diagnoses', 'procedures'];

/** The case the application is for (get-case), for the summary at the top. */
function useCaseSummary(caseId: string) {
  return useQuery({
    queryKey: ['applications', 'case', caseId],
    enabled: caseId !== '',
    queryFn: () => unwrap(api.GET('/api/v1/cases/{caseId}', { params: { path: { caseId } } })),
  });
}

/** The value of `value` once it has not changed for `ms` (the live what-if waits for the typing to stop). */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/**
 * 申请特例单议: the wizard from a case — types, justification and amount
 * (with the live what-if regrouping for a grouping dispute), the draft is
 * saved, the evidence checklist with typed uploads, then 提交医保办.
 */
export default function NewApplicationPage() {
  const { t } = useTranslation();
  const l = useApplicationLabels();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [search] = useSearchParams();
  const caseId = /^\d{1,20}$/.test(search.get('case') ?? '') ? (search.get('case') ?? '') : '';
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [appId, setAppId] = useState<string>('');
  const options = useApplicationOptions();
  const theCase = useCaseSummary(caseId);
  const app = useApplication(appId);
  const create = useCreateApplication();
  const update = useUpdateApplication();
  const transition = useTransition();
  const describe = useWorkflowMessage();
  const [formErrors, setFormErrors] = useState<string[]>([]);

  const watchedTypes = Form.useWatch('types', form);
  const types = useMemo(() => watchedTypes ?? [], [watchedTypes]);
  const dispute = types.includes('GROUPING_DISPUTE');
  const dx = useDebounced(parseCodes(Form.useWatch('diagnoses', form)), 500);
  const px = useDebounced(parseCodes(Form.useWatch('procedures', form)), 500);
  const whatIf = useRegroupPreview(dispute ? caseId : '', dx, px);

  const wanted = useMemo(() => {
    const out: string[] = [];
    for (const ty of types) for (const k of options.data?.checklists?.[ty] ?? []) if (!out.includes(k)) out.push(k);
    return out;
  }, [types, options.data]);

  if (caseId === '') {
    return (
      <PageContainer title={<PageTitle>{t('applications.newTitle')}</PageTitle>}>
        <Result status="warning" title={t('applications.wizard.noCase')} extra={<Link to="/cases?reason=any">{t('applications.goToCases')}</Link>} />
      </PageContainer>
    );
  }

  const save = async () => {
    setFormErrors([]);
    const v = await form.validateFields();
    const body: CreateBody = {
      case_id: caseId,
      types: v.types,
      justification: v.justification?.trim() || undefined,
      claimed_amount: v.claimed_amount?.trim() || undefined,
      proposal: v.types.includes('GROUPING_DISPUTE')
        ? { diagnoses: parseCodes(v.diagnoses), procedures: parseCodes(v.procedures) }
        : undefined,
    };
    try {
      if (appId === '') {
        const d = await create.mutateAsync(body);
        setAppId(d.id);
      } else {
        const current = app.data;
        if (current === undefined) return;
        await update.mutateAsync({ id: appId, version: current.version, ...body });
      }
      void message.success(t('applications.wizard.saved'));
      setStep(2);
    } catch (e) {
      setFormErrors(showProblemOnForm(form, e, FIELDS, { proposal: 'diagnoses' }));
    }
  };

  const evidence = (app.data?.evidence ?? []).filter((f) => f.purpose !== 'attachment');
  const submit = () => {
    const current = app.data;
    if (current === undefined) return;
    transition.mutate(
      { id: appId, version: current.version, command: 'send_to_office' },
      {
        onSuccess: () => {
          void message.success(t('applications.wizard.submitted'));
          void navigate(`/applications/${appId}`);
        },
      },
    );
  };

  const c = theCase.data;
  return (
    <PageContainer
      title={<PageTitle>{t('applications.newTitle')}</PageTitle>}
      content={
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} data-testid="wizard-case">
          <Descriptions.Item label={t('applications.wizard.case')}>
            <Link to={`/cases/${caseId}`}>
              <span className="tabular-nums">{c?.settlement_id ?? caseId}</span>
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label="DRG">{c?.drg || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('applications.detail.totalCost')}>
            <span className="money">{formatMoney(c?.total_cost)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('applications.detail.discharged')}>{formatDate(c?.discharged_at)}</Descriptions.Item>
        </Descriptions>
      }
    >
      <Card>
        <Steps
          current={step}
          style={{ marginBottom: 24 }}
          items={[
            { title: t('applications.wizard.steps.type') },
            { title: t('applications.wizard.steps.content') },
            { title: t('applications.wizard.steps.evidence') },
            { title: t('applications.wizard.steps.submit') },
          ]}
        />
        <Form<Values> form={form} layout="vertical" initialValues={{ types: [] }} style={{ maxWidth: 900 }}>
          <div style={{ display: step === 0 ? 'block' : 'none' }}>
            <Form.Item name="types" label={t('applications.wizard.types')} rules={[{ required: true, type: 'array', min: 1, message: t('applications.wizard.typesRequired') }]}>
              <Checkbox.Group style={{ width: '100%' }}>
                <Flex vertical gap={8}>
                  {(options.data?.types ?? []).map((ty) => (
                    <Checkbox key={ty} value={ty} data-testid={`type-${ty}`}>
                      <Typography.Text strong>{l.type(ty)}</Typography.Text>
                      <Typography.Text type="secondary"> — {l.typeHelp(ty)}</Typography.Text>
                    </Checkbox>
                  ))}
                </Flex>
              </Checkbox.Group>
            </Form.Item>
            {dispute && (
              <Flex vertical gap={12}>
                <Form.Item
                  name="diagnoses"
                  label={t('applications.wizard.diagnoses')}
                  rules={[{ validator: (_r, v: string) => (parseCodes(v).length > 0 ? Promise.resolve() : Promise.reject(new Error(t('applications.wizard.diagnosesRequired')))) }]}
                >
                  <Input.TextArea rows={2} />
                </Form.Item>
                <Form.Item name="procedures" label={t('applications.wizard.procedures')}>
                  <Input.TextArea rows={2} />
                </Form.Item>
                <WhatIfPanel
                  proposal={whatIf.data}
                  loading={whatIf.isFetching}
                  error={whatIf.isError ? describe(whatIf.error).message : undefined}
                />
              </Flex>
            )}
          </div>
          <div style={{ display: step === 1 ? 'block' : 'none' }}>
            <Form.Item
              name="justification"
              label={t('applications.wizard.justification')}
              extra={t('applications.wizard.justificationHelp')}
              rules={[{ required: true, whitespace: true, message: t('applications.wizard.justificationRequired') }]}
            >
              <Input.TextArea rows={6} maxLength={4000} showCount />
            </Form.Item>
            <Form.Item
              name="claimed_amount"
              label={t('applications.wizard.claimed')}
              extra={t('applications.wizard.claimedHelp')}
              rules={[{ validator: (_r, v: string) => (isAmount(v) ? Promise.resolve() : Promise.reject(new Error(t('applications.wizard.claimedInvalid')))) }]}
            >
              <Input inputMode="decimal" style={{ maxWidth: 240 }} />
            </Form.Item>
          </div>
        </Form>
        {formErrors.length > 0 && <Alert type="error" showIcon role="alert" message={formErrors.join('；')} style={{ marginBottom: 16 }} />}
        {step === 2 && appId !== '' && (
          <Flex vertical gap={16}>
            <Typography.Text strong>{t('applications.wizard.checklist')}</Typography.Text>
            <Checklist items={app.data?.checklist ?? wanted.map((k) => ({ kind: k, present: false }))} />
            <EvidenceUploader id={appId} kinds={options.data?.evidence_kinds ?? wanted} defaultKind={wanted.find((k) => !(app.data?.checklist ?? []).find((c) => c.kind === k && c.present))} />
            <EvidencePanel id={appId} files={evidence} canRemove />
          </Flex>
        )}
        {step === 3 && app.data && (
          <Flex vertical gap={12}>
            <Typography.Title level={5}>{t('applications.wizard.summary')}</Typography.Title>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('applications.cols.no')}>{app.data.no}</Descriptions.Item>
              <Descriptions.Item label={t('applications.cols.types')}>
                <TypeTags types={app.data.types} />
              </Descriptions.Item>
              <Descriptions.Item label={t('applications.detail.justification')}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{app.data.justification}</Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('applications.detail.claimed')}>
                <span className="money">{formatMoney(app.data.claimed_amount)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('applications.detail.evidence')}>{evidence.map((f) => f.file_name).join('、') || '—'}</Descriptions.Item>
            </Descriptions>
            <Typography.Text type="secondary">{l.confirm('send_to_office')}</Typography.Text>
            <WorkflowAlert error={transition.error} onReload={() => void app.refetch()} />
          </Flex>
        )}
        {create.error !== null && formErrors.length === 0 && <WorkflowAlert error={create.error} />}
        <Space style={{ marginTop: 24 }}>
          {step > 0 && <Button onClick={() => setStep(step - 1)}>{t('applications.wizard.prev')}</Button>}
          {step === 0 && (
            <Button type="primary" onClick={() => void form.validateFields(['types', 'diagnoses']).then(() => setStep(1))}>
              {t('applications.wizard.next')}
            </Button>
          )}
          {step === 1 && (
            <Button type="primary" loading={create.isPending || update.isPending} onClick={() => void save().catch(() => undefined)}>
              {appId === '' ? t('applications.wizard.createDraft') : t('applications.wizard.saveDraft')}
            </Button>
          )}
          {step === 2 && (
            <Button type="primary" disabled={evidence.length === 0} onClick={() => setStep(3)}>
              {t('applications.wizard.next')}
            </Button>
          )}
          {step === 2 && evidence.length === 0 && <Typography.Text type="secondary">{t('applications.wizard.needEvidence')}</Typography.Text>}
          {step === 3 && (
            <Button type="primary" loading={transition.isPending} onClick={submit} disabled={!(app.data?.actions ?? []).includes('send_to_office')}>
              {t('applications.wizard.submit')}
            </Button>
          )}
          {appId !== '' && <Link to={`/applications/${appId}`}>{t('applications.wizard.openDetail')}</Link>}
        </Space>
      </Card>
    </PageContainer>
  );
}
