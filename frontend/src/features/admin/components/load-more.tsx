import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Below a keyset-paged list: how many rows are shown, and the button for the next page. */
export function LoadMore({
  count,
  hasMore,
  loading,
  onLoadMore,
}: {
  count: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <Flex justify="center" align="center" gap="middle" style={{ paddingTop: 16 }}>
      {hasMore ? (
        <>
          <Typography.Text type="secondary">{t('common.loaded', { count })}</Typography.Text>
          <Button onClick={onLoadMore} loading={loading}>
            {loading ? t('common.loadingMore') : t('common.loadMore')}
          </Button>
        </>
      ) : (
        <Typography.Text type="secondary">{t('common.allLoaded', { count })}</Typography.Text>
      )}
    </Flex>
  );
}
