import { Alert, Button, Flex, Form, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemResult } from '@/components/problem-result';
import { showProblemOnForm } from '@/lib/form-errors';

import { useBeginTotpEnrolment } from '../api/begin-totp-enrolment';
import { useConfirmTotpEnrolment } from '../api/confirm-totp-enrolment';
import { CodeInput } from './code-input';
import { RecoveryCodes } from './recovery-codes';

interface Values {
  code: string;
}

/**
 * Sets up a TOTP second factor: asks the server for a secret as soon as it is
 * shown, displays it as a QR code and as text, confirms it with a first code,
 * then shows the recovery codes once. Used at sign-in (when the role requires
 * a second factor) and on the profile page.
 */
export function TotpEnrolment({ username, onDone }: { username: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const begin = useBeginTotpEnrolment();
  const confirm = useConfirmTotpEnrolment();
  const [errors, setErrors] = useState<string[]>([]);
  const started = useRef(false);
  const { mutate: start } = begin;

  // Once per mount, even under StrictMode's double effects: every call makes
  // a new secret and replaces the one offered before.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start();
  }, [start]);

  if (confirm.data !== undefined) {
    return <RecoveryCodes codes={confirm.data} username={username} onContinue={onDone} />;
  }
  if (begin.isError) {
    return (
      <ProblemResult
        error={begin.error}
        title={t('auth.enrol.startFailed')}
        onRetry={() => begin.mutate()}
        retrying={begin.isPending}
      />
    );
  }
  if (begin.data === undefined) {
    return (
      <Flex role="status" align="center" gap="middle" style={{ padding: 24 }}>
        <Spin />
        <Typography.Text type="secondary">{t('auth.enrol.starting')}</Typography.Text>
      </Flex>
    );
  }

  const { qr_png_base64: qr, secret } = begin.data;
  const submit = ({ code }: Values) => {
    if (confirm.isPending) return;
    setErrors([]);
    confirm.mutate(code, {
      onError: (err) => {
        form.setFieldValue('code', '');
        setErrors(showProblemOnForm(form, err, ['code']));
      },
    });
  };

  return (
    <Flex vertical gap="middle">
      <Typography.Text type="secondary">{t('auth.enrol.intro')}</Typography.Text>
      <Flex gap="large" align="center" wrap>
        <img
          src={`data:image/png;base64,${qr}`}
          alt={t('auth.enrol.qrAlt')}
          width={180}
          height={180}
          className="teyi-qr"
        />
        <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text type="secondary">{t('auth.enrol.secret')}</Typography.Text>
          <Typography.Text code copyable={{ text: secret }} style={{ wordBreak: 'break-all', fontSize: 15 }}>
            <span data-testid="totp-secret">{secret}</span>
          </Typography.Text>
        </Flex>
      </Flex>
      {errors.length > 0 && <Alert type="error" showIcon message={errors.join('；')} />}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={submit} name="totp-enrolment">
        <Form.Item
          name="code"
          label={t('auth.enrol.code')}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('auth.totp.codeRequired') }]}
        >
          <CodeInput
            autoFocus
            style={{ maxWidth: 220 }}
            onChange={(value) => {
              if (value.length === 6) form.submit();
            }}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={confirm.isPending}>
          {t('auth.enrol.submit')}
        </Button>
      </Form>
    </Flex>
  );
}
