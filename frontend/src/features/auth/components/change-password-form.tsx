import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { showProblemOnForm } from '@/lib/form-errors';

import { useChangePassword } from '../api/change-password';

interface Values {
  current_password: string;
  new_password: string;
  confirm: string;
}

/**
 * A new password, twice, under the policy the server applies (12–128
 * characters, not common, not the username). The server has the last word:
 * its field errors appear at the field. When the current password was just
 * typed at sign-in it is passed in and not asked again.
 */
export function ChangePasswordForm({
  currentPassword,
  submitLabel,
  onDone,
  size,
}: {
  currentPassword?: string;
  submitLabel?: string;
  onDone: () => void;
  size?: 'large' | 'middle';
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const [errors, setErrors] = useState<string[]>([]);
  const askCurrent = currentPassword === undefined;

  const submit = (values: Values) => {
    setErrors([]);
    const body = { current_password: currentPassword ?? values.current_password, new_password: values.new_password };
    change.mutate(body, {
      onSuccess: () => {
        form.resetFields();
        onDone();
      },
      onError: (err) => {
        const rest = showProblemOnForm(form, err, askCurrent ? ['current_password', 'new_password'] : ['new_password']);
        setErrors(rest);
      },
    });
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size={size}
      requiredMark={false}
      onFinish={submit}
      name="change-password"
      style={{ maxWidth: 420 }}
    >
      {errors.length > 0 && <Alert type="error" showIcon message={errors.join('；')} className="teyi-step-alert" />}
      {askCurrent && (
        <Form.Item
          name="current_password"
          label={t('auth.changePassword.current')}
          rules={[{ required: true, message: t('auth.changePassword.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
      )}
      <Form.Item
        name="new_password"
        label={t('auth.changePassword.new')}
        extra={<Typography.Text type="secondary">{t('auth.changePassword.policy')}</Typography.Text>}
        rules={[
          { required: true, message: t('auth.changePassword.newRequired') },
          { min: 12, message: t('auth.changePassword.tooShort') },
          { max: 128, message: t('auth.changePassword.tooLong') },
        ]}
      >
        <Input.Password autoComplete="new-password" autoFocus={!askCurrent} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('auth.changePassword.confirm')}
        dependencies={['new_password']}
        rules={[
          { required: true, message: t('auth.changePassword.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_rule, value: string | undefined) =>
              !value || value === getFieldValue('new_password')
                ? Promise.resolve()
                : Promise.reject(new Error(t('auth.changePassword.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block={size === 'large'} loading={change.isPending}>
        {submitLabel ?? t('auth.changePassword.submit')}
      </Button>
    </Form>
  );
}
