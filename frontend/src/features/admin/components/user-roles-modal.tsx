import { Alert, Form, Modal } from 'antd';
import { App } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { isRole, type Role } from '@/lib/access';
import { problemOf, showProblemOnForm } from '@/lib/form-errors';

import type { User } from '../api/list-users';
import { useSetUserRoles } from '../api/set-user-roles';
import { RoleFields } from './role-fields';

interface Values {
  roles: Role[];
  specialties?: string[];
}

/** 编辑角色: replaces a user's roles (with the version read; a stale one is reported). */
export function UserRolesModal({
  user,
  onClose,
  systemScope,
}: {
  user: User | undefined;
  onClose: () => void;
  systemScope: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const setRoles = useSetUserRoles();
  const [errors, setErrors] = useState<string[]>([]);

  useEffect(() => {
    if (user !== undefined) {
      form.setFieldsValue({ roles: (user.roles ?? []).map((g) => g.role).filter(isRole), specialties: user.specialties ?? [] });
    }
  }, [user, form]);

  const close = () => {
    setErrors([]);
    onClose();
  };

  const submit = (values: Values) => {
    if (user === undefined) return;
    setErrors([]);
    setRoles.mutate(
      {
        id: user.id,
        body: {
          version: user.version,
          roles: values.roles.map((role) => ({ role })),
          specialties: values.roles.includes('expert') ? (values.specialties ?? []) : undefined,
        },
      },
      {
        onSuccess: () => {
          void message.success(t('admin.users.rolesSaved'));
          close();
        },
        onError: (err) => {
          if (problemOf(err)?.status === 409) {
            void message.warning(t('common.stale'));
            close();
            return;
          }
          setErrors(showProblemOnForm(form, err, ['roles', 'specialties']));
        },
      },
    );
  };

  return (
    <Modal
      open={user !== undefined}
      title={t('admin.users.editRolesTitle', { name: user?.display_name ?? '' })}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={setRoles.isPending}
      onCancel={close}
      width={600}
      forceRender
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} name="user-roles">
        {errors.length > 0 && <Alert type="error" showIcon message={errors.join('；')} style={{ marginBottom: 16 }} />}
        <RoleFields canGrantSysadmin={systemScope} />
      </Form>
    </Modal>
  );
}
