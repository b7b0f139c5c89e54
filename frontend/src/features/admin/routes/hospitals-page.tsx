import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Button, Empty, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { isSystemUser, useAccess } from '@/lib/access';
import { formatDate } from '@/lib/format';
import { useMe } from '@/lib/session';
import { useUrlFilters } from '@/lib/url-filters';

import { useHospitalPages, type Hospital } from '../api/list-hospitals';
import { useRegions } from '../api/list-regions';
import { HospitalFormModal } from '../components/hospital-form-modal';
import { LoadMore } from '../components/load-more';

const FILTERS = ['q'] as const;

/** 系统管理 › 医疗机构: the designated hospitals in scope; add and edit. */
export default function HospitalsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const me = useMe().data ?? null;
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const pages = useHospitalPages({ q: filters.q, limit: 50 });
  const regions = useRegions(access.canListRegions);
  const [modal, setModal] = useState<{ mode: 'create' | 'edit'; id?: string } | null>(null);

  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const regionName = useMemo(() => {
    const m = new Map((regions.data ?? []).map((r) => [r.code, r.name]));
    if (me?.region_code && me.region_name) m.set(me.region_code, me.region_name);
    return m;
  }, [regions.data, me]);

  const levelGrade = (h: Hospital) => {
    const level = ['1', '2', '3'].includes(String(h.level))
      ? t(`admin.hospitals.levels.${String(h.level) as '1' | '2' | '3'}`)
      : String(h.level);
    const grade = h.grade === '甲' || h.grade === '乙' || h.grade === '丙' ? t(`admin.hospitals.grades.${h.grade}`) : '';
    return `${level}${grade}`;
  };

  const columns: ProColumns<Hospital>[] = [
    {
      title: t('admin.hospitals.q'),
      dataIndex: 'q',
      hideInTable: true,
      fieldProps: { placeholder: 'H37010200001 / 人民医院', allowClear: true },
    },
    {
      title: t('admin.hospitals.code'),
      dataIndex: 'code',
      search: false,
      render: (_, h) => <Typography.Text code>{h.code}</Typography.Text>,
    },
    { title: t('admin.hospitals.name'), dataIndex: 'name', search: false },
    { title: t('admin.hospitals.levelGrade'), key: 'level', search: false, render: (_, h) => levelGrade(h) },
    { title: t('admin.hospitals.group'), dataIndex: 'group_name', search: false, render: (_, h) => h.group_name || '—' },
    {
      title: t('admin.hospitals.region'),
      dataIndex: 'region_code',
      search: false,
      render: (_, h) => regionName.get(h.region_code) ?? h.region_code,
    },
    {
      title: t('admin.hospitals.state'),
      dataIndex: 'active',
      search: false,
      render: (_, h) =>
        h.active ? <Tag color="green">{t('admin.hospitals.active')}</Tag> : <Tag>{t('admin.hospitals.inactive')}</Tag>,
    },
    {
      title: t('admin.hospitals.createdAt'),
      dataIndex: 'created_at',
      search: false,
      render: (_, h) => <span className="tabular-nums">{formatDate(h.created_at)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      search: false,
      hideInTable: !access.canUpdateHospital,
      render: (_, h) => (
        <Button type="link" size="small" onClick={() => setModal({ mode: 'edit', id: h.id })}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <PageContainer title={<PageTitle>{t('admin.hospitals.title')}</PageTitle>} content={t('admin.hospitals.description')}>
      {pages.isError && pages.data === undefined ? (
        <ProblemResult error={pages.error} onRetry={() => void pages.refetch()} retrying={pages.isFetching} />
      ) : (
        <ProTable<Hospital>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={pages.isFetching && !pages.isFetchingNextPage}
          pagination={false}
          search={{ labelWidth: 'auto' }}
          form={{ initialValues: filters }}
          onSubmit={(values: Record<string, string | undefined>) => setFilters(values)}
          onReset={() => setFilters({})}
          options={{ reload: () => void pages.refetch(), density: false, setting: false }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.hospitals.empty')} /> }}
          toolBarRender={() =>
            access.canCreateHospital
              ? [
                  <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setModal({ mode: 'create' })}>
                    {t('admin.hospitals.create')}
                  </Button>,
                ]
              : []
          }
          footer={() => (
            <LoadMore
              count={rows.length}
              hasMore={pages.hasNextPage}
              loading={pages.isFetchingNextPage}
              onLoadMore={() => void pages.fetchNextPage()}
            />
          )}
        />
      )}
      <HospitalFormModal
        mode={modal?.mode ?? null}
        hospitalId={modal?.id}
        onClose={() => setModal(null)}
        systemScope={isSystemUser(me)}
      />
    </PageContainer>
  );
}
