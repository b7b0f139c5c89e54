import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { HOSPITAL_SYSTEM_ROLE, operationsOf } from '@/lib/access';
import { showProblemOnForm } from '@/lib/form-errors';
import { useLabels } from '@/lib/labels';

import { useCreateApiToken, type CreatedToken } from '../api/create-api-token';
import { HospitalSelect } from './hospital-select';
import { SecretModal } from './secret-modal';

interface Values {
  name: string;
  operations: string[];
  expires_in_days: number;
  hospital_id?: string;
}

/** What hospital systems may be granted: the hospital_system role's operations in policy.csv. */
const TOKEN_OPERATIONS = operationsOf(HOSPITAL_SYSTEM_ROLE, 'hospital');

/** 新建 API 令牌: name, operations, lifetime (and, for sysadmins, the hospital); the secret once. */
export function TokenCreateModal({
  open,
  onClose,
  systemScope,
}: {
  open: boolean;
  onClose: () => void;
  systemScope: boolean;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [form] = Form.useForm<Values>();
  const create = useCreateApiToken();
  const [errors, setErrors] = useState<string[]>([]);
  const [created, setCreated] = useState<CreatedToken>();

  const close = () => {
    form.resetFields();
    setErrors([]);
    onClose();
  };

  const submit = (values: Values) => {
    setErrors([]);
    create.mutate(
      {
        name: values.name.trim(),
        operations: values.operations,
        expires_in_days: values.expires_in_days,
        hospital_id: systemScope ? values.hospital_id : undefined,
      },
      {
        onSuccess: (result) => {
          setCreated(result);
          close();
        },
        onError: (err) => setErrors(showProblemOnForm(form, err, ['name', 'operations', 'expires_in_days', 'hospital_id'])),
      },
    );
  };

  return (
    <>
      <Modal
        open={open}
        title={t('admin.tokens.createTitle')}
        okText={t('common.create')}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        onCancel={close}
        destroyOnHidden
        maskClosable={false}
      >
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          name="create-token"
          initialValues={{ expires_in_days: 365, operations: TOKEN_OPERATIONS.length === 1 ? TOKEN_OPERATIONS : [] }}
        >
          {errors.length > 0 && <Alert type="error" showIcon message={errors.join('；')} style={{ marginBottom: 16 }} />}
          <Form.Item
            name="name"
            label={t('admin.tokens.name')}
            rules={[{ required: true, whitespace: true, message: t('admin.tokens.nameRequired') }, { max: 60 }]}
          >
            <Input autoFocus autoComplete="off" placeholder={t('admin.tokens.namePlaceholder')} />
          </Form.Item>
          {systemScope && (
            <Form.Item
              name="hospital_id"
              label={t('admin.tokens.hospital')}
              rules={[{ required: true, message: t('admin.tokens.hospitalRequired') }]}
            >
              <HospitalSelect />
            </Form.Item>
          )}
          <Form.Item
            name="operations"
            label={t('admin.tokens.operations')}
            extra={t('admin.tokens.operationsHelp')}
            rules={[{ required: true, type: 'array', min: 1, message: t('admin.tokens.operationsRequired') }]}
          >
            <Select
              mode="multiple"
              options={TOKEN_OPERATIONS.map((op) => ({ value: op, label: `${labels.operation(op)}（${op}）` }))}
            />
          </Form.Item>
          <Form.Item
            name="expires_in_days"
            label={t('admin.tokens.expiresInDays')}
            rules={[{ required: true, type: 'integer', min: 1, max: 730, message: t('admin.tokens.expiresRequired') }]}
          >
            <InputNumber min={1} max={730} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </Form>
      </Modal>
      <SecretModal
        open={created !== undefined}
        title={t('admin.tokens.created')}
        hint={t('admin.tokens.createdHint')}
        label={`${t('admin.tokens.secret')}：${created?.token.name ?? ''}`}
        value={created?.secret ?? ''}
        testId="token-secret"
        onClose={() => setCreated(undefined)}
      />
    </>
  );
}
