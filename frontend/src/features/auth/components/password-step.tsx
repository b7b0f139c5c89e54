import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { problemOf } from '@/lib/form-errors';

import { useLogin, type NextStep } from '../api/login';

interface Values {
  username: string;
  password: string;
}

/** Step 1: username and password. A failure never says which of the two was wrong. */
export function PasswordStep({
  onNext,
  notice,
}: {
  onNext: (next: NextStep, password: string) => void;
  notice?: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const login = useLogin();
  const [error, setError] = useState<string>();

  const submit = (values: Values) => {
    setError(undefined);
    login.mutate(values, {
      onSuccess: (result) => onNext(result.next, values.password),
      onError: (err) => {
        const problem = problemOf(err);
        form.setFieldValue('password', '');
        setError(
          problem?.status === 401
            ? t('auth.login.invalid')
            : problem
              ? (problem.detail ?? problem.title)
              : err.message,
        );
      },
    });
  };

  return (
    <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} onFinish={submit} name="login">
      {notice !== undefined && error === undefined && <Alert type="info" showIcon message={notice} className="teyi-step-alert" />}
      {error !== undefined && <Alert type="error" showIcon message={error} role="alert" className="teyi-step-alert" />}
      <Form.Item
        name="username"
        label={t('auth.login.username')}
        rules={[{ required: true, whitespace: true, message: t('auth.login.usernameRequired') }]}
      >
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus autoCapitalize="none" spellCheck={false} />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('auth.login.password')}
        rules={[{ required: true, message: t('auth.login.passwordRequired') }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={login.isPending}>
        {t('auth.login.submit')}
      </Button>
    </Form>
  );
}
