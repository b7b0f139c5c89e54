import { Alert, App, Button, Card, Checkbox, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemResult } from '@/components/problem-result';
import { problemOf, showProblemOnForm } from '@/lib/form-errors';

import { useNotificationSettings, useUpdateNotificationSettings } from '../api/settings';

interface Values {
  email: string;
  email_enabled: boolean;
}

/** 邮件通知: my e-mail address and whether notifications are mailed to it. */
export function SettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useNotificationSettings();
  const update = useUpdateNotificationSettings();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<string[]>([]);

  useEffect(() => {
    if (settings.data) form.setFieldsValue({ email: settings.data.email, email_enabled: settings.data.email_enabled });
  }, [settings.data, form]);

  const submit = (v: Values) => {
    setErrors([]);
    update.mutate(
      { version: settings.data?.version ?? 0, email: v.email?.trim() ?? '', email_enabled: v.email_enabled },
      {
        onSuccess: () => void message.success(t('notify.settings.saved')),
        onError: (err) => {
          if (problemOf(err)?.status === 409) {
            setErrors([t('notify.settings.stale')]);
            void settings.refetch();
            return;
          }
          setErrors(showProblemOnForm(form, err, ['email', 'email_enabled']));
        },
      },
    );
  };

  return (
    <Card title={t('notify.settings.title')} loading={settings.isPending} data-testid="notification-settings">
      {settings.isError ? (
        <ProblemResult error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('notify.settings.intro')}</Typography.Paragraph>
          {settings.data && !settings.data.mail_available && (
            <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('notify.settings.mailOff')} />
          )}
          {errors.map((e) => (
            <Alert key={e} type="error" showIcon style={{ marginBottom: 16 }} message={e} />
          ))}
          <Form<Values>
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={{ email: '', email_enabled: false }}
            requiredMark={false}
          >
            <Form.Item
              name="email"
              label={t('notify.settings.email')}
              rules={[
                { type: 'email', message: t('notify.settings.emailInvalid') },
                { max: 254, message: t('notify.settings.emailInvalid') },
                ({ getFieldValue }) => ({
                  validator: (_, value: string | undefined) =>
                    getFieldValue('email_enabled') && !value?.trim()
                      ? Promise.reject(new Error(t('notify.settings.emailRequired')))
                      : Promise.resolve(),
                }),
              ]}
              dependencies={['email_enabled']}
            >
              <Input placeholder={t('notify.settings.emailPlaceholder')} autoComplete="email" inputMode="email" />
            </Form.Item>
            <Form.Item name="email_enabled" valuePropName="checked">
              <Checkbox>{t('notify.settings.enabled')}</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={update.isPending}>
              {t('notify.settings.save')}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}
