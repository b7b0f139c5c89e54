import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { formatDateTime } from '@/lib/format';
import { problemOf } from '@/lib/form-errors';

import { useRegistryItem, useRegistryStep, type FilingDetail } from '../api/registry';
import { ApproveModal, RejectModal } from '../components/decision-modals';
import { EvidencePanel } from '../components/evidence-panel';
import { FilingFormModal } from '../components/filing-form-modal';
import { FilingStatusTag } from '../components/status-tag';

/** One filing: its fields, evidence, and the actions its state allows this user. */
export default function RegistryItemPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const access = useAccess();
  const item = useRegistryItem(id);
  const f = item.data;

  if (item.isError) {
    return (
      <PageContainer title={<PageTitle>{t('registry.title')}</PageTitle>} onBack={() => void navigate('/registry')}>
        <ProblemResult error={item.error} onRetry={() => void item.refetch()} />
      </PageContainer>
    );
  }
  return (
    <PageContainer
      loading={item.isLoading}
      onBack={() => void navigate('/registry')}
      title={f ? <PageTitle>{`${f.code} ${f.name}`}</PageTitle> : undefined}
      tags={f ? <FilingStatusTag f={f} /> : undefined}
      extra={f ? <Actions f={f} /> : undefined}
    >
      {f ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {f.status === 'rejected' ? (
            <Alert type="error" showIcon message={t('registry.rejectedBecause')} description={f.reject_reason} />
          ) : null}
          {f.status === 'approved' ? (
            <Alert
              type="success"
              showIcon
              message={t('registry.approvedEffect', {
                from: f.valid_from,
                to: f.valid_to,
                who: f.scope === 'region' ? t('registry.scopes.region') : f.hospital_name,
              })}
            />
          ) : null}
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label={t('registry.kind')}>{t(`registry.kinds.${f.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('registry.code')}>
              <Typography.Text copyable className="tabular-nums">
                {f.code}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.hospital')}>{f.hospital_name}</Descriptions.Item>
            <Descriptions.Item label={t('registry.listedOn')}>{f.listed_on}</Descriptions.Item>
            <Descriptions.Item label={t('registry.expectedCases')}>{f.expected_cases}</Descriptions.Item>
            <Descriptions.Item label={t('registry.createdBy')}>{`${f.created_by} ${formatDateTime(f.created_at)}`}</Descriptions.Item>
            <Descriptions.Item label={t('registry.validity')}>{f.valid_from ? `${f.valid_from} ~ ${f.valid_to}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('registry.scope')}>{f.scope ? t(`registry.scopes.${f.scope}`) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('registry.decidedBy')}>
              {f.decided_at ? `${f.decided_by} ${formatDateTime(f.decided_at)}` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.submittedAt')}>{f.submitted_at ? formatDateTime(f.submitted_at) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('registry.justification')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{f.justification || '—'}</Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
          <EvidencePanel filing={f} canUpload={f.status === 'draft' && access.canUploadRegistryEvidence} />
        </Space>
      ) : null}
    </PageContainer>
  );
}

function Actions({ f }: { f: FilingDetail }) {
  const { t } = useTranslation();
  const access = useAccess();
  const { message, modal } = App.useApp();
  const submit = useRegistryStep('submit');
  const withdraw = useRegistryStep('withdraw');
  const [editing, setEditing] = useState(false);
  const [approving, setApproving] = useState(false);
  const [rejecting, setRejecting] = useState(false);

  const fail = (err: unknown) => void message.error(problemOf(err)?.detail ?? String(err));
  const buttons = [];
  if (f.status === 'draft' && access.canUpdateRegistryItem) {
    buttons.push(
      <Button key="edit" onClick={() => setEditing(true)}>
        {t('registry.actions.edit')}
      </Button>,
    );
  }
  if (f.status === 'draft' && access.canSubmitRegistryItem) {
    buttons.push(
      <Button
        key="submit"
        type="primary"
        data-testid="registry-submit"
        loading={submit.isPending}
        onClick={() =>
          modal.confirm({
            title: t('registry.actions.submitConfirm'),
            content: t('registry.actions.submitEffect', { count: f.evidence?.length ?? 0 }),
            okText: t('registry.actions.submit'),
            cancelText: t('common.cancel'),
            onOk: () =>
              submit.mutateAsync({ id: f.id, version: f.version }).then(
                () => void message.success(t('registry.actions.submitted')),
                fail,
              ),
          })
        }
      >
        {t('registry.actions.submit')}
      </Button>,
    );
  }
  if ((f.status === 'draft' || f.status === 'submitted') && access.canWithdrawRegistryItem) {
    buttons.push(
      <Button
        key="withdraw"
        danger
        loading={withdraw.isPending}
        onClick={() =>
          modal.confirm({
            title: t('registry.actions.withdrawConfirm'),
            okText: t('registry.actions.withdraw'),
            okButtonProps: { danger: true },
            cancelText: t('common.cancel'),
            onOk: () => withdraw.mutateAsync({ id: f.id, version: f.version }).then(() => undefined, fail),
          })
        }
      >
        {t('registry.actions.withdraw')}
      </Button>,
    );
  }
  if (f.status === 'submitted' && access.canApproveRegistryItem) {
    buttons.push(
      <Button key="approve" type="primary" onClick={() => setApproving(true)} data-testid="registry-approve">
        {t('registry.actions.approve')}
      </Button>,
    );
  }
  if (f.status === 'submitted' && access.canRejectRegistryItem) {
    buttons.push(
      <Button key="reject" danger onClick={() => setRejecting(true)}>
        {t('registry.actions.reject')}
      </Button>,
    );
  }
  return (
    <>
      <Space>{buttons}</Space>
      <FilingFormModal open={editing} filing={f} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      <ApproveModal filing={f} open={approving} onClose={() => setApproving(false)} />
      <RejectModal filing={f} open={rejecting} onClose={() => setRejecting(false)} />
    </>
  );
}
