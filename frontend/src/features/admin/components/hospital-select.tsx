import { Select, type SelectProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useHospitals } from '../api/list-hospitals';

/** Picks a hospital in scope, searching the server by name or code as the user types. */
export function HospitalSelect(props: Omit<SelectProps<string>, 'options' | 'showSearch' | 'filterOption' | 'onSearch'>) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const hospitals = useHospitals({ q: q || undefined, limit: 50 });
  return (
    <Select<string>
      showSearch
      allowClear
      filterOption={false}
      onSearch={setTyped}
      placeholder={t('admin.users.hospitalPlaceholder')}
      loading={hospitals.isFetching}
      notFoundContent={hospitals.isFetching ? t('common.loading') : undefined}
      options={(hospitals.data?.items ?? []).map((h) => ({
        value: h.id,
        label: `${h.name}（${h.code}）`,
        disabled: !h.active,
      }))}
      {...props}
    />
  );
}
