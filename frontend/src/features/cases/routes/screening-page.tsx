import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Card, ConfigProvider, Form, InputNumber, Skeleton, Switch, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';

import { type ScreeningRules, useScreeningRules, useUpdateScreeningRules } from '../api/screening-rules';

const numbers = ['long_stay_days', 'icu_hours', 'ventilation_hours', 'min_departments'] as const;
const switches = ['high_cost', 'new_items', 'ungroupable', 'ambiguous_group'] as const;

/**
 * 筛查规则: the region's special-case screening thresholds. Bureau administrators
 * change them (audited; later imports apply them); others read them.
 */
export default function ScreeningPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const query = useScreeningRules();
  const update = useUpdateScreeningRules();
  const [form] = Form.useForm<ScreeningRules>();
  const editable = access.canUpdateScreeningRules;

  useEffect(() => {
    if (query.data) form.setFieldsValue(query.data.rules);
  }, [query.data, form]);

  if (query.error) return <ProblemResult error={query.error} />;
  const data = query.data;
  const save = (rules: ScreeningRules) => {
    if (!data) return;
    update.mutate(
      { version: data.version, rules },
      { onSuccess: () => void message.success(t('cases.screening.saved')) },
    );
  };
  return (
    <PageContainer title={<PageTitle>{t('cases.screening.title')}</PageTitle>} content={t('cases.screening.description')}>
      {!data ? (
        <Skeleton active />
      ) : (
        <Card
          title={data.default ? <Tag>{t('cases.screening.defaults')}</Tag> : <Tag color="blue">{t('cases.screening.version', { version: data.version })}</Tag>}
        >
          {update.error ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={(update.error as Error).message} /> : null}
          <ConfigProvider button={{ autoInsertSpace: false }}>
            <Form form={form} layout="horizontal" labelCol={{ span: 8 }} wrapperCol={{ span: 8 }} disabled={!editable} onFinish={save}>
              {numbers.map((k) => (
                <Form.Item key={k} name={k} label={t(`cases.screening.${k}`)} extra={t(`cases.screening.${k}_help`)} rules={[{ required: true }]}>
                  <InputNumber min={0} style={{ width: 160 }} />
                </Form.Item>
              ))}
              {switches.map((k) => (
                <Form.Item key={k} name={k} label={t(`cases.screening.${k}`)} valuePropName="checked">
                  <Switch />
                </Form.Item>
              ))}
              {editable ? (
                <Form.Item wrapperCol={{ offset: 8 }}>
                  <Button type="primary" htmlType="submit" disabled={update.isPending}>
                    {t('cases.screening.save')}
                  </Button>
                </Form.Item>
              ) : (
                <Typography.Text type="secondary">{t('cases.screening.readOnly')}</Typography.Text>
              )}
            </Form>
          </ConfigProvider>
        </Card>
      )}
    </PageContainer>
  );
}
