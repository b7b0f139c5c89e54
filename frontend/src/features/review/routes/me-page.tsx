import { PageContainer } from '@ant-design/pro-components';
import { Card, Descriptions, Flex, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';

import { useMyReviewProfile } from '../api/pool';
import { AbsencesCard } from '../components/absences-card';
import { ConflictsCard } from '../components/conflicts-card';
import { SpecialtyTags } from '../components/tags';

/** 我的评审设置 (expert): own profile, absences and standing conflict declarations. */
export default function MePage() {
  const { t } = useTranslation();
  const access = useAccess();
  const me = useMyReviewProfile();
  const e = me.data;
  return (
    <PageContainer
      title={<PageTitle>{t('review.me.title')}</PageTitle>}
      content={<Typography.Text type="secondary">{t('review.me.intro')}</Typography.Text>}
    >
      {me.isError ? (
        <ProblemResult error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />
      ) : !e ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Flex vertical gap={16}>
          <Card size="small" title={t('review.me.profile')}>
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('review.experts.name')}>{e.name}</Descriptions.Item>
              <Descriptions.Item label={t('review.experts.hospital')}>{e.hospital_name || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('review.experts.group')}>{e.group || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('review.experts.specialties')}>
                <SpecialtyTags codes={e.specialties} />
              </Descriptions.Item>
              <Descriptions.Item label={t('review.experts.active')}>
                <Tag color={e.active ? 'green' : 'default'}>{e.active ? t('review.experts.activeOn') : t('review.experts.activeOff')}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('review.experts.load')}>
                <span className="tabular-nums">{t('review.draw.loadValue', { load: e.load, max: e.max_load })}</span>
              </Descriptions.Item>
              {e.organisation && <Descriptions.Item label={t('review.experts.organisation')}>{e.organisation}</Descriptions.Item>}
            </Descriptions>
          </Card>
          <AbsencesCard absences={e.absences ?? []} canAdd={access.canAddReviewAbsence} canRemove={access.canRemoveReviewAbsence} />
          <ConflictsCard conflicts={e.conflicts ?? []} canAdd={access.canAddReviewConflict} canRemove={access.canRemoveReviewConflict} />
        </Flex>
      )}
    </PageContainer>
  );
}
