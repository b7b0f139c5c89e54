import { Alert, DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { showProblemOnForm } from '@/lib/form-errors';

import { useOpenCycle } from '../api/panels';
import type { Cadence, Cycle } from '../api/types';
import { useReviewLabels } from '../model/labels';

interface Values {
  name: string;
  cadence: Cadence;
  dates: [Dayjs | null, Dayjs | null] | null;
}

const CADENCES: Cadence[] = ['quarterly', 'monthly', 'single'];

/** 开启评审周期: name, cadence and dates. */
export function CycleModal({ open, onClose, onOpened }: { open: boolean; onClose: () => void; onOpened: (c: Cycle) => void }) {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<string[]>([]);
  const openCycle = useOpenCycle();

  const submit = async (v: Values) => {
    setErrors([]);
    try {
      const c = await openCycle.mutateAsync({
        name: v.name.trim(),
        cadence: v.cadence,
        starts_on: v.dates?.[0]?.format('YYYY-MM-DD') ?? '',
        ends_on: v.dates?.[1]?.format('YYYY-MM-DD') ?? '',
      });
      onOpened(c);
    } catch (err) {
      setErrors(showProblemOnForm(form, err, ['name', 'cadence', 'dates'], { starts_on: 'dates', ends_on: 'dates' }));
    }
  };

  const now = dayjs();
  const start = now.month(now.month() - (now.month() % 3)).startOf('month');
  return (
    <Modal
      open={open}
      title={t('review.cycleForm.title')}
      okText={t('review.cycleForm.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={openCycle.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ cadence: 'quarterly', dates: [start, start.add(2, 'month').endOf('month')] }}
      >
        <Form.Item name="name" label={t('review.cycleForm.name')} rules={[{ required: true, whitespace: true, message: t('review.cycleForm.required') }]}>
          <Input autoFocus maxLength={100} placeholder={t('review.cycleForm.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="cadence" label={t('review.cycleForm.cadence')}>
          <Radio.Group optionType="button" options={CADENCES.map((c) => ({ value: c, label: l.cadence(c) }))} />
        </Form.Item>
        <Form.Item name="dates" label={t('review.cycleForm.dates')} rules={[{ required: true, message: t('review.cycleForm.required') }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        {errors.length > 0 && <Alert type="error" showIcon message={errors.join('；')} />}
      </Form>
    </Modal>
  );
}
