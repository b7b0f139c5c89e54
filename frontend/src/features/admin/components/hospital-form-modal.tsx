import { Alert, App, Button, Form, Input, Modal, Select, Spin, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemResult } from '@/components/problem-result';
import { problemOf, showProblemOnForm } from '@/lib/form-errors';

import { useCreateHospital, type HospitalInput } from '../api/create-hospital';
import { useHospital } from '../api/get-hospital';
import { useRegions } from '../api/list-regions';
import { useUpdateHospital } from '../api/update-hospital';

interface Values {
  code: string;
  name: string;
  level: number;
  grade: '' | '甲' | '乙' | '丙';
  group_name?: string;
  region_code?: string;
  active?: boolean;
}

const FIELDS = ['code', 'name', 'level', 'grade', 'group_name', 'region_code', 'active'];

/**
 * 新建 / 编辑医疗机构. Editing reads the hospital afresh and sends the version
 * it read; when someone else saved in between (409) the form reloads their
 * version and keeps the dialog open.
 */
export function HospitalFormModal({
  mode,
  hospitalId,
  onClose,
  systemScope,
}: {
  mode: 'create' | 'edit' | null;
  hospitalId?: string;
  onClose: () => void;
  systemScope: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const editing = mode === 'edit';
  const current = useHospital(editing ? hospitalId : undefined);
  const regions = useRegions(mode === 'create' && systemScope);
  const create = useCreateHospital();
  const update = useUpdateHospital();
  const [errors, setErrors] = useState<string[]>([]);
  const [stale, setStale] = useState(false);

  const hospital = current.data;
  useEffect(() => {
    if (editing && hospital !== undefined) {
      form.setFieldsValue({
        code: hospital.code,
        name: hospital.name,
        level: hospital.level,
        grade: (hospital.grade || '') as Values['grade'],
        group_name: hospital.group_name,
        active: hospital.active,
      });
    }
  }, [editing, hospital, form]);

  const close = () => {
    form.resetFields();
    setErrors([]);
    setStale(false);
    onClose();
  };

  const submit = (values: Values) => {
    setErrors([]);
    setStale(false);
    if (editing) {
      if (hospital === undefined) return;
      update.mutate(
        {
          id: hospital.id,
          patch: {
            version: hospital.version,
            name: values.name.trim(),
            level: values.level,
            grade: values.grade,
            group_name: values.group_name?.trim() ?? '',
            active: values.active,
          },
        },
        {
          onSuccess: (saved) => {
            void message.success(t('admin.hospitals.saved', { name: saved.name }));
            close();
          },
          onError: (err) => {
            if (problemOf(err)?.status === 409) {
              setStale(true);
              void current.refetch();
              return;
            }
            setErrors(showProblemOnForm(form, err, FIELDS));
          },
        },
      );
      return;
    }
    const body: HospitalInput = {
      code: values.code.trim(),
      name: values.name.trim(),
      level: values.level,
      grade: values.grade,
      group_name: values.group_name?.trim() || undefined,
      region_code: systemScope ? values.region_code : undefined,
    };
    create.mutate(body, {
      onSuccess: (saved) => {
        void message.success(t('admin.hospitals.created', { name: saved.name }));
        close();
      },
      onError: (err) => setErrors(showProblemOnForm(form, err, FIELDS)),
    });
  };

  const levelOptions = (['1', '2', '3'] as const).map((l) => ({ value: Number(l), label: t(`admin.hospitals.levels.${l}`) }));
  const gradeOptions = [
    { value: '', label: t('admin.hospitals.grades.none') },
    ...(['甲', '乙', '丙'] as const).map((g) => ({ value: g, label: t(`admin.hospitals.grades.${g}`) })),
  ];

  let body;
  if (editing && current.isPending) {
    body = <Spin style={{ display: 'block', padding: 32 }} />;
  } else if (editing && current.isError) {
    body = <ProblemResult error={current.error} onRetry={() => void current.refetch()} />;
  } else {
    body = (
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        name="hospital"
        initialValues={{ grade: '', level: 2, active: true }}
      >
        {stale && <Alert type="warning" showIcon message={t('common.stale')} style={{ marginBottom: 16 }} />}
        {errors.length > 0 && <Alert type="error" showIcon message={errors.join('；')} style={{ marginBottom: 16 }} />}
        <Form.Item
          name="code"
          label={t('admin.hospitals.code')}
          rules={[
            { required: true, message: t('admin.hospitals.codeRequired') },
            { pattern: /^[A-Z0-9]{6,22}$/, message: t('admin.hospitals.codePattern') },
          ]}
        >
          <Input disabled={editing} autoFocus={!editing} autoComplete="off" placeholder="H37010200001" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('admin.hospitals.name')}
          rules={[{ required: true, whitespace: true, message: t('admin.hospitals.nameRequired') }, { max: 100 }]}
        >
          <Input autoFocus={editing} autoComplete="off" />
        </Form.Item>
        <Form.Item name="level" label={t('admin.hospitals.level')} rules={[{ required: true, message: t('admin.hospitals.levelRequired') }]}>
          <Select options={levelOptions} />
        </Form.Item>
        <Form.Item name="grade" label={t('admin.hospitals.grade')}>
          <Select options={gradeOptions} />
        </Form.Item>
        <Form.Item name="group_name" label={t('admin.hospitals.group')} extra={t('admin.hospitals.groupHelp')} rules={[{ max: 100 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        {!editing && systemScope && (
          <Form.Item
            name="region_code"
            label={t('admin.hospitals.region')}
            rules={[{ required: true, message: t('admin.hospitals.regionRequired') }]}
          >
            <Select
              loading={regions.isPending}
              options={(regions.data ?? []).map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))}
            />
          </Form.Item>
        )}
        {editing && (
          <Form.Item name="active" label={t('admin.hospitals.state')} valuePropName="checked" extra={t('admin.hospitals.activeHelp')}>
            <Switch checkedChildren={t('admin.hospitals.active')} unCheckedChildren={t('admin.hospitals.inactive')} />
          </Form.Item>
        )}
      </Form>
    );
  }

  return (
    <Modal
      open={mode !== null}
      title={editing ? t('admin.hospitals.editTitle', { name: hospital?.name ?? '' }) : t('admin.hospitals.createTitle')}
      onCancel={close}
      destroyOnHidden
      maskClosable={false}
      footer={[
        <Button key="cancel" onClick={close}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()}>
          {editing ? t('common.save') : t('common.create')}
        </Button>,
      ]}
    >
      {body}
    </Modal>
  );
}
