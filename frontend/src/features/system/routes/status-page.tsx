import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Descriptions, Flex, Result, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';

import { formatDateTime } from '@/lib/format';
import { ApiError } from '@/lib/problem';

import { useSystemStatus } from '../api/get-system-status';
import { ChecksTable } from '../components/checks-table';

/** 系统状态: the server's version and whether each dependency answers. */
export default function StatusPage() {
  const { t } = useTranslation();
  const status = useSystemStatus();

  let body;
  if (status.isPending) {
    body = (
      <Card>
        <Flex role="status" align="center" gap="middle">
          <Spin />
          <Typography.Text type="secondary">{t('status.loading')}</Typography.Text>
        </Flex>
      </Card>
    );
  } else if (status.data === undefined) {
    const problem = status.error instanceof ApiError ? status.error.problem : undefined;
    body = (
      <Card>
        <Result
          status="error"
          title={t('status.loadFailed')}
          subTitle={
            <Flex vertical gap={4}>
              {problem && (
                <Typography.Text type="secondary">
                  {`${problem.status} ${problem.title}${problem.detail ? ` — ${problem.detail}` : ''}`}
                </Typography.Text>
              )}
              <Typography.Text type="secondary">{t('status.loadFailedHint')}</Typography.Text>
            </Flex>
          }
          extra={
            <Button type="primary" loading={status.isFetching} onClick={() => void status.refetch()}>
              {t('status.retry')}
            </Button>
          }
        />
      </Card>
    );
  } else {
    const { version, ready, checks } = status.data;
    body = (
      <Flex vertical gap="middle">
        {status.isError && <Alert type="warning" showIcon message={t('status.refreshFailed')} />}
        <Card>
          <Descriptions column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('status.version')}>
              <Typography.Text code>{version}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('status.overall')}>
              <Tag color={ready ? 'success' : 'error'}>{ready ? t('status.ready') : t('status.notReady')}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('status.updatedAt')}>
              <span className="tabular-nums">{formatDateTime(new Date(status.dataUpdatedAt), { seconds: true })}</span>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('status.checks')}>
          <ChecksTable checks={checks ?? []} />
        </Card>
      </Flex>
    );
  }

  return (
    <PageContainer title={<PageTitle>{t('status.title')}</PageTitle>} content={t('status.description')}>
      {body}
    </PageContainer>
  );
}
