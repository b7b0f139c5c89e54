import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { showProblemOnForm } from '@/lib/form-errors';

import { useCreatePricingDraft, useImportPricingCatalogue, type DraftSpec } from '../api/create-pricing-draft';
import type { PricingDetail } from '../api/get-pricing-version';

interface Values {
  from: 'demo' | 'file';
  year: number;
  effective?: [Dayjs | null, Dayjs | null] | null;
  employee?: string;
  resident?: string;
}

const FIELDS = ['year', 'effective_from', 'effective_to', 'base_rates'] as const;
const MONEY = /^\d{1,12}(\.\d{1,2})?$/;

/** 新建草稿: from the demo parameters, or weights from an uploaded catalogue CSV. */
export function CreateDraftModal({
  open,
  onClose,
  onCreated,
  canImport,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (v: PricingDetail) => void;
  canImport: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const create = useCreatePricingDraft();
  const upload = useImportPricingCatalogue();
  const from = Form.useWatch('from', form);

  const submit = async (values: Values) => {
    setErrors([]);
    // Left empty, the version is in force for the whole year.
    const [start, end] = values.effective ?? [null, null];
    const draft: DraftSpec = {
      year: values.year,
      effective_from: start ? start.format('YYYY-MM-DD') : `${values.year}-01-01`,
      effective_to: end ? end.format('YYYY-MM-DD') : start ? undefined : `${values.year}-12-31`,
      template: 'demo',
    };
    if (values.employee && values.resident) draft.base_rates = { employee: values.employee, resident: values.resident };
    try {
      if (values.from === 'file') {
        if (!file) {
          setErrors([t('pricing.create.fileRequired')]);
          return;
        }
        onCreated(await upload.mutateAsync({ file, draft }));
      } else {
        onCreated(await create.mutateAsync(draft));
      }
      form.resetFields();
      setFile(null);
    } catch (err) {
      setErrors(showProblemOnForm(form, err, FIELDS));
    }
  };

  const nextYear = new Date().getFullYear() + 1;
  return (
    <Modal
      open={open}
      title={t('pricing.create.title')}
      onCancel={onClose}
      okText={t('pricing.create.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || upload.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ from: 'demo', year: nextYear }}>
        <Form.Item name="from" label={t('pricing.create.from')}>
          <Radio.Group>
            <Radio value="demo">{t('pricing.create.fromDemo')}</Radio>
            {canImport ? <Radio value="file">{t('pricing.create.fromFile')}</Radio> : null}
          </Radio.Group>
        </Form.Item>
        {from === 'file' ? (
          <Form.Item label={t('pricing.create.file')} extra={t('pricing.create.fileHint')}>
            <Upload
              accept=".csv,text/csv"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
            >
              <Button icon={<UploadOutlined />}>{t('pricing.create.chooseFile')}</Button>
            </Upload>
          </Form.Item>
        ) : null}
        <Form.Item name="year" label={t('pricing.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} />
        </Form.Item>
        <Form.Item name="effective" label={t('pricing.effective')} extra={t('pricing.create.wholeYear')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item
          name="employee"
          label={t('pricing.create.baseRateEmployee')}
          extra={t('pricing.create.optionalHint')}
          rules={[{ pattern: MONEY }]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item
          name="resident"
          label={t('pricing.create.baseRateResident')}
          extra={t('pricing.create.optionalHint')}
          rules={[{ pattern: MONEY }]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
        {errors.length > 0 ? <Alert type="error" showIcon message={errors.join('；')} /> : null}
      </Form>
    </Modal>
  );
}
