import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Role } from '@/lib/access';
import { showProblemOnForm } from '@/lib/form-errors';

import { useCreateUser, type CreatedUser, type UserInput } from '../api/create-user';
import { useRegions } from '../api/list-regions';
import { HospitalSelect } from './hospital-select';
import { needsHospital, needsRegion } from '../roles';
import { RoleFields } from './role-fields';
import { SecretModal } from './secret-modal';

interface Values {
  username: string;
  display_name: string;
  roles: Role[];
  hospital_id?: string;
  region_code?: string;
  specialties?: string[];
}

const FIELDS = ['username', 'display_name', 'roles', 'hospital_id', 'region_code', 'specialties'];

/**
 * 新建用户: username, name, roles and — where the roles need one — the
 * hospital; then the temporary password, shown once.
 */
export function UserCreateModal({
  open,
  onClose,
  systemScope,
}: {
  open: boolean;
  onClose: () => void;
  /** A sysadmin: may grant sysadmin and names the region of bureau users. */
  systemScope: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const regions = useRegions(open && systemScope);
  const [errors, setErrors] = useState<string[]>([]);
  const [created, setCreated] = useState<CreatedUser>();
  const roles = Form.useWatch('roles', form);

  const close = () => {
    form.resetFields();
    setErrors([]);
    create.reset();
    onClose();
  };

  const submit = (values: Values) => {
    setErrors([]);
    const body: UserInput = {
      username: values.username.trim(),
      display_name: values.display_name.trim(),
      roles: values.roles.map((role) => ({ role })),
      hospital_id: values.hospital_id || undefined,
      region_code: systemScope ? values.region_code || undefined : undefined,
      specialties: values.roles.includes('expert') ? values.specialties : undefined,
    };
    create.mutate(body, {
      onSuccess: (result) => {
        setCreated(result);
        close();
      },
      onError: (err) => setErrors(showProblemOnForm(form, err, FIELDS)),
    });
  };

  return (
    <>
      <Modal
        open={open}
        title={t('admin.users.createTitle')}
        okText={t('common.create')}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        onCancel={close}
        destroyOnHidden
        width={600}
        maskClosable={false}
      >
        <Form<Values> form={form} layout="vertical" onFinish={submit} name="create-user" initialValues={{ roles: [] }}>
          {errors.length > 0 && <Alert type="error" showIcon message={errors.join('；')} style={{ marginBottom: 16 }} />}
          <Form.Item
            name="username"
            label={t('admin.users.username')}
            extra={t('admin.users.usernameHelp')}
            rules={[
              { required: true, message: t('admin.users.usernameRequired') },
              { pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: t('admin.users.usernamePattern') },
            ]}
          >
            <Input autoFocus autoComplete="off" autoCapitalize="none" spellCheck={false} />
          </Form.Item>
          <Form.Item
            name="display_name"
            label={t('admin.users.displayName')}
            rules={[{ required: true, whitespace: true, message: t('admin.users.displayNameRequired') }, { max: 60 }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <RoleFields canGrantSysadmin={systemScope} />
          <Form.Item
            name="hospital_id"
            label={t('admin.users.hospital')}
            rules={[{ required: needsHospital(roles), message: t('admin.users.hospitalRequired') }]}
            hidden={!needsHospital(roles) && !(systemScope && needsRegion(roles))}
          >
            <HospitalSelect />
          </Form.Item>
          {systemScope && needsRegion(roles) && (
            <Form.Item name="region_code" label={t('admin.users.region')} extra={t('admin.users.regionHelp')}>
              <Select
                allowClear
                loading={regions.isPending}
                options={(regions.data ?? []).map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <SecretModal
        open={created !== undefined}
        title={t('admin.users.created')}
        hint={t('admin.users.createdHint', { name: created?.user.display_name ?? '' })}
        label={`${t('admin.users.username')}：${created?.user.username ?? ''} · ${t('admin.users.temporaryPassword')}`}
        value={created?.temporary_password ?? ''}
        testId="temporary-password"
        onClose={() => setCreated(undefined)}
      />
    </>
  );
}
