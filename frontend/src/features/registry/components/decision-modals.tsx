import { Alert, DatePicker, Descriptions, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { showProblemOnForm } from '@/lib/form-errors';

import { useApproveRegistryItem, useRejectRegistryItem, type FilingDetail } from '../api/registry';

interface ApproveValues {
  validity: [Dayjs | null, Dayjs | null];
  scope: 'region' | 'hospital';
}

/** 批准备案: the validity period and the scope, with a summary of the effect. */
export function ApproveModal({ filing, open, onClose }: { filing: FilingDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ApproveValues>();
  const [errors, setErrors] = useState<string[]>([]);
  const approve = useApproveRegistryItem();
  const scope = Form.useWatch('scope', form);

  const submit = async (v: ApproveValues) => {
    setErrors([]);
    const [from, to] = v.validity;
    try {
      await approve.mutateAsync({
        id: filing.id,
        version: filing.version,
        valid_from: from ? from.format('YYYY-MM-DD') : '',
        valid_to: to ? to.format('YYYY-MM-DD') : '',
        scope: v.scope,
      });
      onClose();
    } catch (err) {
      setErrors(showProblemOnForm(form, err, ['scope'], { valid_from: 'validity', valid_to: 'validity' }));
    }
  };

  return (
    <Modal
      open={open}
      title={t('registry.approve.title')}
      onCancel={onClose}
      okText={t('registry.approve.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={approve.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('registry.code')}>{filing.code}</Descriptions.Item>
        <Descriptions.Item label={t('registry.name')}>{filing.name}</Descriptions.Item>
        <Descriptions.Item label={t('registry.hospital')}>{filing.hospital_name}</Descriptions.Item>
      </Descriptions>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ validity: [dayjs(), dayjs().add(1, 'year').subtract(1, 'day')], scope: 'hospital' }}
      >
        <Form.Item
          name="validity"
          label={t('registry.validity')}
          extra={t('registry.approve.validityHint')}
          rules={[{ required: true, message: t('registry.form.required') }]}
        >
          <DatePicker.RangePicker data-testid="approve-validity" />
        </Form.Item>
        <Form.Item name="scope" label={t('registry.scope')}>
          <Radio.Group>
            <Radio value="hospital">{t('registry.scopes.hospital')}</Radio>
            <Radio value="region">{t('registry.scopes.region')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Alert
          type="info"
          showIcon
          message={t('registry.approve.effect', {
            code: filing.code,
            who: scope === 'region' ? t('registry.scopes.region') : filing.hospital_name,
          })}
        />
        {errors.length > 0 ? <Alert style={{ marginTop: 12 }} type="error" showIcon message={errors.join('；')} /> : null}
      </Form>
    </Modal>
  );
}

/** 驳回备案: a reason is required. */
export function RejectModal({ filing, open, onClose }: { filing: FilingDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [errors, setErrors] = useState<string[]>([]);
  const reject = useRejectRegistryItem();
  const submit = async (v: { reason: string }) => {
    setErrors([]);
    try {
      await reject.mutateAsync({ id: filing.id, version: filing.version, reason: v.reason.trim() });
      onClose();
    } catch (err) {
      setErrors(showProblemOnForm(form, err, ['reason']));
    }
  };
  return (
    <Modal
      open={open}
      title={t('registry.reject.title')}
      onCancel={onClose}
      okText={t('registry.reject.submit')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={reject.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('registry.reject.reason')}
          rules={[{ required: true, whitespace: true, message: t('registry.reject.reasonRequired') }]}
        >
          <Input.TextArea autoFocus rows={4} maxLength={2000} showCount />
        </Form.Item>
        {errors.length > 0 ? <Alert type="error" showIcon message={errors.join('；')} /> : null}
      </Form>
    </Modal>
  );
}
