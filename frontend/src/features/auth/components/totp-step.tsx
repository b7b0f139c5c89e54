import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { showProblemOnForm } from '@/lib/form-errors';

import type { NextStep } from '../api/login';
import { useVerifyTotp } from '../api/verify-totp';
import { CodeInput } from './code-input';

interface Values {
  code: string;
}

/**
 * Step 2 for users with a second factor: the six-digit code from their
 * authenticator, or one of their recovery codes.
 */
export function TotpStep({ onNext }: { onNext: (next: NextStep) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const verify = useVerifyTotp();
  const [recovery, setRecovery] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const submit = ({ code }: Values) => {
    if (verify.isPending) return;
    setErrors([]);
    verify.mutate(code.trim(), {
      onSuccess: onNext,
      onError: (err) => {
        form.setFieldValue('code', '');
        setErrors(showProblemOnForm(form, err, ['code']));
      },
    });
  };

  const switchMode = () => {
    setRecovery((r) => !r);
    setErrors([]);
    form.resetFields();
  };

  return (
    <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} onFinish={submit} name="totp">
      <Typography.Paragraph type="secondary">
        {recovery ? t('auth.totp.recoveryHint') : t('auth.totp.hint')}
      </Typography.Paragraph>
      {errors.length > 0 && <Alert type="error" showIcon message={errors.join('；')} className="teyi-step-alert" />}
      {recovery ? (
        <Form.Item
          key="recovery"
          name="code"
          label={t('auth.totp.recoveryCode')}
          rules={[{ required: true, whitespace: true, message: t('auth.totp.recoveryRequired') }]}
        >
          <Input autoFocus autoComplete="off" autoCapitalize="none" spellCheck={false} placeholder="abcd-efgh-ijkl" />
        </Form.Item>
      ) : (
        <Form.Item
          key="totp"
          name="code"
          label={t('auth.totp.code')}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('auth.totp.codeRequired') }]}
        >
          <CodeInput
            autoFocus
            onChange={(value) => {
              form.setFieldValue('code', value);
              if (value.length === 6) form.submit();
            }}
          />
        </Form.Item>
      )}
      <Flex vertical gap="middle">
        <Button type="primary" htmlType="submit" block loading={verify.isPending}>
          {t('auth.totp.submit')}
        </Button>
        <Button type="link" onClick={switchMode}>
          {recovery ? t('auth.totp.useTotp') : t('auth.totp.useRecovery')}
        </Button>
      </Flex>
    </Form>
  );
}
