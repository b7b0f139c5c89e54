import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { showProblemOnForm } from '@/lib/form-errors';

import { useRespondInvitation } from '../api/expert';
import type { Answer } from '../api/types';

/** 谢绝 / 声明回避: a reason is required; a replacement is drawn. */
export function RespondModal({
  panelId,
  answer,
  onClose,
  onDone,
}: {
  panelId: string;
  answer: Exclude<Answer, 'accept'> | null;
  onClose: () => void;
  onDone: (answer: Answer) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [errors, setErrors] = useState<string[]>([]);
  const respond = useRespondInvitation();
  const submit = async (v: { reason: string }) => {
    if (answer === null) return;
    setErrors([]);
    try {
      await respond.mutateAsync({ panelId, answer, reason: v.reason.trim() });
      onDone(answer);
    } catch (err) {
      setErrors(showProblemOnForm(form, err, ['reason']));
    }
  };
  return (
    <Modal
      open={answer !== null}
      title={answer === 'conflict' ? t('review.inbox.conflictTitle') : t('review.inbox.declineTitle')}
      okText={answer === 'conflict' ? t('review.inbox.conflict') : t('review.inbox.decline')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={respond.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{answer === 'conflict' ? t('review.inbox.conflictEffect') : t('review.inbox.declineEffect')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="reason"
          label={t('review.common.reason')}
          rules={[{ required: true, whitespace: true, message: t('review.common.reasonRequired') }]}
        >
          <Input.TextArea autoFocus rows={4} maxLength={500} showCount />
        </Form.Item>
        {errors.length > 0 && <Alert type="error" showIcon message={errors.join('；')} />}
      </Form>
    </Modal>
  );
}
