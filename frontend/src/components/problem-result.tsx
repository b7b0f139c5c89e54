import { Button, Flex, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { problemOf } from '@/lib/form-errors';

/**
 * What a page shows when its data could not be loaded: a friendly "no
 * permission" for 403, "not found" for 404, otherwise the server's problem
 * with a retry button.
 */
export function ProblemResult({
  error,
  onRetry,
  retrying,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  retrying?: boolean;
  title?: string;
}) {
  const { t } = useTranslation();
  const problem = problemOf(error);
  if (problem?.status === 403) {
    return <Result status="403" title={t('common.noPermissionTitle')} subTitle={t('common.noPermission')} />;
  }
  if (problem?.status === 404) {
    return <Result status="404" title={t('common.notFoundTitle')} subTitle={t('common.notFound')} />;
  }
  return (
    <Result
      status="error"
      title={title ?? t('common.loadFailed')}
      subTitle={
        <Flex vertical gap={4}>
          {problem ? (
            <Typography.Text type="secondary">
              {`${problem.status} ${problem.title}${problem.detail ? ` — ${problem.detail}` : ''}`}
            </Typography.Text>
          ) : (
            error instanceof Error && <Typography.Text type="secondary">{error.message}</Typography.Text>
          )}
          <Typography.Text type="secondary">{t('common.loadFailedHint')}</Typography.Text>
        </Flex>
      }
      extra={
        onRetry && (
          <Button type="primary" loading={retrying} onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
    />
  );
}
