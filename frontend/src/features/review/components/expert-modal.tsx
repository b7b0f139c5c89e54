import { Alert, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { problemOf, showProblemOnForm } from '@/lib/form-errors';

import { useUpdateReviewExpert } from '../api/pool';
import type { Expert } from '../api/types';
import { MDCS, useReviewLabels } from '../model/labels';

interface Values {
  specialties: string[];
  active: boolean;
  max_load: number;
  organisation: string;
}

/** 编辑专家: specialties (MDCs), in the pool or not, load limit per cycle, review organisation; 409 when stale. */
export function ExpertModal({ expert, onClose }: { expert: Expert | null; onClose: () => void }) {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<string[]>([]);
  const update = useUpdateReviewExpert();

  const submit = async (v: Values) => {
    if (!expert) return;
    setErrors([]);
    try {
      await update.mutateAsync({
        userId: expert.user_id,
        specialties: v.specialties,
        active: v.active,
        max_load: v.max_load,
        organisation: v.organisation?.trim() ?? '',
        version: expert.version,
      });
      onClose();
    } catch (err) {
      if (problemOf(err)?.status === 409) setErrors([t('review.problems.stale')]);
      else setErrors(showProblemOnForm(form, err, ['specialties', 'active', 'max_load', 'organisation']));
    }
  };

  return (
    <Modal
      open={expert !== null}
      title={expert ? t('review.experts.editTitle', { name: expert.name }) : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {expert && (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          initialValues={{
            specialties: expert.specialties ?? [],
            active: expert.active,
            max_load: expert.max_load,
            organisation: expert.organisation,
          }}
        >
          <Form.Item
            name="specialties"
            label={t('review.experts.specialties')}
            rules={[{ required: true, type: 'array', min: 1, message: t('review.experts.specialtiesRequired') }]}
          >
            <Select mode="multiple" autoFocus optionFilterProp="label" options={MDCS.map((m) => ({ value: m, label: `${m} ${l.mdcName(m)}` }))} />
          </Form.Item>
          <Form.Item name="active" label={t('review.experts.active')} valuePropName="checked">
            <Switch checkedChildren={t('review.experts.activeOn')} unCheckedChildren={t('review.experts.activeOff')} />
          </Form.Item>
          <Form.Item name="max_load" label={t('review.experts.maxLoad')} rules={[{ required: true, type: 'number', min: 1, max: 100 }]}>
            <InputNumber min={1} max={100} precision={0} />
          </Form.Item>
          <Form.Item name="organisation" label={t('review.experts.organisation')}>
            <Input maxLength={100} />
          </Form.Item>
          {errors.length > 0 && <Alert type="error" showIcon message={errors.join('；')} />}
        </Form>
      )}
    </Modal>
  );
}
