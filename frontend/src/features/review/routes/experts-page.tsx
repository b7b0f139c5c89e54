import { PageContainer } from '@ant-design/pro-components';
import { Badge, Button, Card, Empty, Flex, Input, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { useUrlFilters } from '@/lib/url-filters';

import { useReviewExperts } from '../api/pool';
import type { Expert } from '../api/types';
import { AbsencesCard } from '../components/absences-card';
import { ConflictsCard } from '../components/conflicts-card';
import { ExpertModal } from '../components/expert-modal';
import { SpecialtyTags } from '../components/tags';
import { expertMatches } from '../model/experts';
import { useReviewLabels } from '../model/labels';

/** 专家库 (bureau administrators): the pool with specialties, status, load; each row opens its absences and declarations. */
export default function ExpertsPage() {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const access = useAccess();
  const experts = useReviewExperts();
  const [filters, setFilters] = useUrlFilters(['q'] as const);
  const [editing, setEditing] = useState<Expert | null>(null);
  const q = filters.q ?? '';
  const rows = (experts.data ?? []).filter((e) => expertMatches(e, q, l.mdcName));

  const columns: ColumnsType<Expert> = [
    { title: t('review.experts.name'), dataIndex: 'name' },
    { title: t('review.experts.hospital'), dataIndex: 'hospital_name', ellipsis: true, render: (h: string) => h || '—' },
    { title: t('review.experts.group'), dataIndex: 'group', ellipsis: true, render: (g: string) => g || '—' },
    { title: t('review.experts.specialties'), key: 'sp', render: (_, e) => <SpecialtyTags codes={e.specialties} /> },
    {
      title: t('review.experts.active'),
      key: 'active',
      render: (_, e) => <Tag color={e.active ? 'green' : 'default'}>{e.active ? t('review.experts.activeOn') : t('review.experts.activeOff')}</Tag>,
    },
    {
      title: t('review.experts.load'),
      key: 'load',
      align: 'right',
      sorter: (a, b) => a.load / a.max_load - b.load / b.max_load,
      render: (_, e) => (
        <span className="tabular-nums" style={{ color: e.load >= e.max_load ? '#cf1322' : undefined }}>
          {t('review.draw.loadValue', { load: e.load, max: e.max_load })}
        </span>
      ),
    },
    { title: t('review.experts.organisation'), dataIndex: 'organisation', render: (o: string) => o || '—' },
    {
      title: t('review.experts.absences'),
      key: 'abs',
      align: 'right',
      render: (_, e) => <Badge count={(e.absences ?? []).length} showZero color={(e.absences ?? []).length ? 'orange' : '#d9d9d9'} />,
    },
    {
      title: t('review.experts.conflicts'),
      key: 'cf',
      align: 'right',
      render: (_, e) => <Badge count={(e.conflicts ?? []).length} showZero color={(e.conflicts ?? []).length ? 'orange' : '#d9d9d9'} />,
    },
    ...(access.canUpdateReviewExpert
      ? [
          {
            title: t('review.common.actions'),
            key: 'edit',
            render: (_: unknown, e: Expert) => (
              <Button size="small" onClick={() => setEditing(e)}>
                {t('review.experts.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <PageContainer
      title={<PageTitle>{t('review.experts.title')}</PageTitle>}
      content={<Typography.Text type="secondary">{t('review.experts.intro')}</Typography.Text>}
    >
      <Card style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('review.experts.search')}
          style={{ maxWidth: 360 }}
          onSearch={(v) => setFilters({ q: v })}
          aria-label={t('review.experts.search')}
        />
      </Card>
      <Card>
        {experts.isError ? (
          <ProblemResult error={experts.error} onRetry={() => void experts.refetch()} retrying={experts.isFetching} />
        ) : (
          <Table<Expert>
            rowKey="user_id"
            loading={experts.isLoading}
            columns={columns}
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            data-testid="review-experts"
            expandable={{
              expandedRowRender: (e) => (
                <Flex gap={16} wrap>
                  <div style={{ flex: 1, minWidth: 360 }}>
                    <AbsencesCard
                      absences={e.absences ?? []}
                      userId={e.user_id}
                      canAdd={access.canAddReviewAbsence}
                      canRemove={access.canRemoveReviewAbsence}
                    />
                  </div>
                  <div style={{ flex: 1, minWidth: 420 }}>
                    <ConflictsCard
                      conflicts={e.conflicts ?? []}
                      userId={e.user_id}
                      canAdd={access.canAddReviewConflict}
                      canRemove={access.canRemoveReviewConflict}
                    />
                  </div>
                </Flex>
              ),
            }}
            locale={{
              emptyText: (
                <Empty description={t('review.experts.empty')}>
                  <Typography.Text type="secondary">{t('review.experts.emptyHint')}</Typography.Text>
                </Empty>
              ),
            }}
          />
        )}
      </Card>
      <ExpertModal expert={editing} onClose={() => setEditing(null)} />
    </PageContainer>
  );
}
