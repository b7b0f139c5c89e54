import { Alert, Button, DatePicker, Descriptions, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatMoney } from '@/lib/format';
import { showProblemOnForm } from '@/lib/form-errors';

import { usePricePreview, type Outcome } from '../api/price-preview';

interface Values {
  drg: string;
  level: 'tertiary' | 'secondary' | 'primary';
  fund: 'employee' | 'resident';
  total_cost: string;
  discharge?: Dayjs;
}

const FIELDS = ['drg', 'level', 'fund', 'total_cost', 'discharge_date'] as const;

/** 试算: prices one case under the version; nothing is stored. */
export function PreviewForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const preview = usePricePreview(id);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [errors, setErrors] = useState<string[]>([]);

  const submit = async (v: Values) => {
    setErrors([]);
    try {
      setOutcome(
        await preview.mutateAsync({
          drg: v.drg.trim().toUpperCase(),
          level: v.level,
          fund: v.fund,
          total_cost: v.total_cost.trim(),
          discharge_date: v.discharge ? v.discharge.format('YYYY-MM-DD') : undefined,
        }),
      );
    } catch (err) {
      setOutcome(null);
      setErrors(showProblemOnForm(form, err, FIELDS, { discharge_date: 'discharge' }));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form
        form={form}
        layout="inline"
        onFinish={submit}
        initialValues={{ drg: 'FM19', level: 'tertiary', fund: 'employee', total_cost: '12000.00' }}
      >
        <Form.Item name="drg" label={t('pricing.preview.drg')} rules={[{ required: true, pattern: /^[0-9A-Za-z]{3,6}$/ }]}>
          <Input style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="level" label={t('pricing.preview.level')}>
          <Select
            style={{ width: 100 }}
            options={(['tertiary', 'secondary', 'primary'] as const).map((l) => ({ value: l, label: t(`pricing.levels.${l}`) }))}
          />
        </Form.Item>
        <Form.Item name="fund" label={t('pricing.preview.fund')}>
          <Select
            style={{ width: 90 }}
            options={(['employee', 'resident'] as const).map((f) => ({ value: f, label: t(`pricing.funds.${f}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="total_cost"
          label={t('pricing.preview.totalCost')}
          rules={[{ required: true, pattern: /^\d{1,12}(\.\d{1,2})?$/ }]}
        >
          <Input inputMode="decimal" style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="discharge" label={t('pricing.preview.dischargeDate')}>
          <DatePicker />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={preview.isPending}>
          {t('pricing.preview.submit')}
        </Button>
      </Form>
      {errors.length > 0 ? <Alert type="error" showIcon message={errors.join('；')} /> : null}
      {outcome ? (
        <Descriptions bordered size="small" column={2} data-testid="preview-outcome">
          <Descriptions.Item label={t('pricing.preview.standard')}>{formatMoney(outcome.payment_standard)}</Descriptions.Item>
          <Descriptions.Item label={t('pricing.preview.ratio')}>{outcome.cost_ratio}</Descriptions.Item>
          <Descriptions.Item label={t('pricing.preview.class')}>
            {t(`pricing.preview.classes.${outcome.class as 'normal'}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('pricing.preview.drgPayment')}>{formatMoney(outcome.drg_payment)}</Descriptions.Item>
          <Descriptions.Item label={t('pricing.preview.fundShare')}>{formatMoney(outcome.fund_share)}</Descriptions.Item>
          <Descriptions.Item label={t('pricing.preview.patientShare')}>{formatMoney(outcome.patient_share)}</Descriptions.Item>
          <Descriptions.Item label={t('pricing.preview.fundPayment')}>{formatMoney(outcome.fund_payment)}</Descriptions.Item>
          <Descriptions.Item label={t('pricing.preview.hospitalPayment')}>
            {formatMoney(outcome.hospital_payment)}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
    </Space>
  );
}
