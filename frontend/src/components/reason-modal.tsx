import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { showProblemOnForm } from '@/lib/form-errors';

export interface ReasonModalProps {
  open: boolean;
  onClose: () => void;
  title: string;
  okText: string;
  /** What the step does, above the field. */
  effect: string;
  reasonLabel: string;
  /** Shown under the field (a hint). */
  extra?: ReactNode;
  danger?: boolean;
  rows?: number;
  pending: boolean;
  /** Sends the trimmed reason; a problem from the server lands on the form. */
  onSubmit: (reason: string) => Promise<unknown>;
  success: string;
}

/** A dialog that takes a required written reason for one step (return, appeal …). */
export function ReasonModal(p: ReasonModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [errors, setErrors] = useState<string[]>([]);
  const submit = async (v: { reason: string }) => {
    setErrors([]);
    try {
      await p.onSubmit(v.reason.trim());
      void message.success(p.success);
      p.onClose();
    } catch (err) {
      setErrors(showProblemOnForm(form, err, ['reason']));
    }
  };
  return (
    <Modal
      open={p.open}
      title={p.title}
      okText={p.okText}
      okButtonProps={p.danger ? { danger: true } : undefined}
      cancelText={t('common.cancel')}
      confirmLoading={p.pending}
      onOk={() => form.submit()}
      onCancel={p.onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{p.effect}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="reason"
          label={p.reasonLabel}
          rules={[{ required: true, whitespace: true, message: t('review.common.reasonRequired') }]}
        >
          <Input.TextArea autoFocus rows={p.rows ?? 4} maxLength={2000} showCount />
        </Form.Item>
        {p.extra}
        {errors.length > 0 && <Alert style={{ marginTop: 12 }} type="error" showIcon message={errors.join('；')} />}
      </Form>
    </Modal>
  );
}
