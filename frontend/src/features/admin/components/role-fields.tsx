import { Checkbox, Form, Select, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';

import { ROLES } from '@/lib/access';
import { useLabels } from '@/lib/labels';

import { ROLE_KIND } from '../roles';

/**
 * The roles field (and, for experts, their specialties). Only system
 * administrators may grant sysadmin, which is held alone.
 */
export function RoleFields({ canGrantSysadmin }: { canGrantSysadmin: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const roles = Form.useWatch<string[] | undefined>('roles');
  const choices = ROLES.filter((r) => r !== 'sysadmin' || canGrantSysadmin);
  const rules: Rule[] = [
    { required: true, type: 'array', min: 1, message: t('admin.users.rolesRequired') },
    {
      validator: (_rule, value: string[] | undefined) =>
        value && value.includes('sysadmin') && value.length > 1
          ? Promise.reject(new Error(t('admin.users.sysadminAlone')))
          : Promise.resolve(),
    },
  ];
  return (
    <>
      <Form.Item name="roles" label={t('admin.users.roles')} rules={rules}>
        <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', rowGap: 8 }}>
          {choices.map((role) => (
            <Checkbox key={role} value={role}>
              {labels.role(role)}{' '}
              <Typography.Text type="secondary">（{labels.domainKind(ROLE_KIND[role])}）</Typography.Text>
            </Checkbox>
          ))}
        </Checkbox.Group>
      </Form.Item>
      {roles?.includes('expert') && (
        <Form.Item name="specialties" label={t('admin.users.specialties')}>
          <Select mode="tags" open={false} suffixIcon={null} placeholder={t('admin.users.specialtiesPlaceholder')} />
        </Form.Item>
      )}
    </>
  );
}
