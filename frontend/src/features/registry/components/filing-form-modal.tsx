import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { showProblemOnForm } from '@/lib/form-errors';

import {
  KINDS,
  useCreateRegistryItem,
  useUpdateRegistryItem,
  type FilingDetail,
  type FilingInput,
  type FilingKind,
} from '../api/registry';

interface Values {
  kind: FilingKind;
  code: string;
  name: string;
  listed_on: Dayjs | null;
  expected_cases: number;
  justification: string;
}

const FIELDS = ['kind', 'code', 'name', 'listed_on', 'expected_cases', 'justification'] as const;

/** The code shapes the server checks (registry.ValidCode), for an early hint at the field. */
const SHAPES: Record<FilingKind, RegExp> = {
  drug: /^[XZ][0-9A-Z]{9,26}$/,
  consumable: /^C[0-9]{14,26}$/,
  service: /^[0-9]{9}[0-9A-Z]{0,6}$/,
};

/** 新建/编辑备案: a hospital's filing (a draft). */
export function FilingFormModal({
  open,
  filing,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The draft being edited; absent: a new filing. */
  filing?: FilingDetail;
  onClose: () => void;
  onSaved: (d: FilingDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<string[]>([]);
  const create = useCreateRegistryItem();
  const update = useUpdateRegistryItem();
  const kind = Form.useWatch('kind', form);

  const submit = async (v: Values) => {
    setErrors([]);
    const input: FilingInput = {
      kind: v.kind,
      code: v.code.trim().toUpperCase(),
      name: v.name.trim(),
      listed_on: v.listed_on ? v.listed_on.format('YYYY-MM-DD') : '',
      expected_cases: v.expected_cases ?? 0,
      justification: v.justification?.trim() ?? '',
    };
    try {
      const d = filing
        ? await update.mutateAsync({ id: filing.id, version: filing.version, input })
        : await create.mutateAsync(input);
      form.resetFields();
      onSaved(d);
    } catch (err) {
      setErrors(showProblemOnForm(form, err, FIELDS));
    }
  };

  const initial: Partial<Values> = filing
    ? {
        kind: filing.kind,
        code: filing.code,
        name: filing.name,
        listed_on: dayjs(filing.listed_on),
        expected_cases: filing.expected_cases,
        justification: filing.justification,
      }
    : { kind: 'consumable', expected_cases: 0 };

  return (
    <Modal
      open={open}
      title={filing ? t('registry.form.editTitle') : t('registry.form.newTitle')}
      onCancel={onClose}
      okText={t('registry.form.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initial}>
        <Form.Item name="kind" label={t('registry.kind')} rules={[{ required: true }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`registry.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('registry.code')}
          extra={kind ? t(`registry.form.codeHint.${kind}`) : undefined}
          rules={[
            { required: true, message: t('registry.form.required') },
            {
              validator: (_, value: string | undefined) =>
                !value || !kind || SHAPES[kind].test(value.trim().toUpperCase())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t(`registry.form.codeHint.${kind}`))),
            },
          ]}
        >
          <Input autoFocus maxLength={40} data-testid="filing-code" />
        </Form.Item>
        <Form.Item name="name" label={t('registry.name')} rules={[{ required: true, message: t('registry.form.required') }]}>
          <Input maxLength={200} data-testid="filing-name" />
        </Form.Item>
        <Form.Item name="listed_on" label={t('registry.listedOn')} rules={[{ required: true, message: t('registry.form.required') }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="filing-listed-on" />
        </Form.Item>
        <Form.Item name="expected_cases" label={t('registry.expectedCases')} extra={t('registry.form.expectedHint')}>
          <InputNumber min={0} max={1000000} precision={0} />
        </Form.Item>
        <Form.Item name="justification" label={t('registry.justification')} extra={t('registry.form.justificationHint')}>
          <Input.TextArea rows={4} maxLength={4000} showCount data-testid="filing-justification" />
        </Form.Item>
        {errors.length > 0 ? <Alert type="error" showIcon message={errors.join('；')} /> : null}
      </Form>
    </Modal>
  );
}
