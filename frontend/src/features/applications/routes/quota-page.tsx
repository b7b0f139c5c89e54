import { PageContainer } from '@ant-design/pro-components';
import { Card, Empty, Flex, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';

import { useApplicationQuota } from '../api/queries';
import { QuotaGauge } from '../components/quota-gauge';

/** 额度: the special-case quota of this period, per hospital for the bureau. */
export default function QuotaPage() {
  const { t } = useTranslation();
  const quota = useApplicationQuota(true);
  return (
    <PageContainer title={<PageTitle>{t('applications.quotaTitle')}</PageTitle>}>
      {quota.isError ? (
        <ProblemResult error={quota.error} onRetry={() => void quota.refetch()} retrying={quota.isFetching} />
      ) : quota.data === undefined ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : quota.data.length === 0 ? (
        <Card>
          <Empty description={t('applications.quota.none')} />
        </Card>
      ) : (
        <Flex vertical gap={16}>
          {quota.data.map((g) => (
            <QuotaGauge key={`${g.scope}-${g.period}`} gauge={g} showHospitals />
          ))}
        </Flex>
      )}
    </PageContainer>
  );
}
