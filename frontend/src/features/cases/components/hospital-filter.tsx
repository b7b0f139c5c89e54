import { Select, type SelectProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useHospitalOptions } from '../api/list-hospitals';

/** Picks one hospital of the region, searching by name or code as the user types. */
export function HospitalFilter(props: Omit<SelectProps<string>, 'options' | 'showSearch' | 'filterOption' | 'onSearch'>) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const hospitals = useHospitalOptions(q);
  return (
    <Select<string>
      showSearch
      allowClear
      filterOption={false}
      onSearch={setTyped}
      placeholder={t('cases.list.hospital')}
      notFoundContent={hospitals.isFetching ? t('common.loading') : undefined}
      options={(hospitals.data ?? []).map((h) => ({ value: h.id, label: `${h.name}（${h.code}）` }))}
      {...props}
    />
  );
}
