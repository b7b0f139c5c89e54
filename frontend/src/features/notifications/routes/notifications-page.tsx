import { PageContainer } from '@ant-design/pro-components';
import { App, Badge, Button, Card, Col, Empty, List, Row, Segmented, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { formatDateTime } from '@/lib/format';

import { useMarkRead, useNotificationPages, useUnreadCount, type Notification } from '../api/notifications';
import { noticeText } from '../components/notice-text';
import { SettingsCard } from '../components/settings-card';

/** 通知中心: my notifications, newest first, with the unread filter and my e-mail settings. */
export default function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === '1';
  const pages = useNotificationPages(unreadOnly);
  const count = useUnreadCount();
  const mark = useMarkRead();
  const items = pages.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const unread = count.data ?? 0;

  const open = (n: Notification) => {
    if (!n.read_at) mark.mutate({ ids: [n.id] });
    if (n.link) void navigate(n.link);
  };

  return (
    <PageContainer
      title={<PageTitle>{t('notify.title')}</PageTitle>}
      content={<Typography.Text type="secondary">{t('notify.intro')}</Typography.Text>}
      extra={
        <Button
          disabled={unread === 0}
          loading={mark.isPending}
          onClick={() => mark.mutate({ all: true }, { onSuccess: () => void message.success(t('notify.markedAll')) })}
        >
          {t('notify.markAllRead')}
        </Button>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card
            title={
              <Segmented
                value={unreadOnly ? 'unread' : 'all'}
                onChange={(v) => setParams(v === 'unread' ? { unread: '1' } : {}, { replace: true })}
                options={[
                  { value: 'all', label: t('notify.all') },
                  { value: 'unread', label: `${t('notify.unreadOnly')}${unread > 0 ? ` (${unread})` : ''}` },
                ]}
              />
            }
          >
            {pages.isError ? (
              <ProblemResult error={pages.error} onRetry={() => void pages.refetch()} />
            ) : (
              <List
                loading={pages.isPending}
                dataSource={items}
                data-testid="notification-list"
                locale={{
                  emptyText: <Empty description={unreadOnly ? t('notify.emptyUnread') : t('notify.empty')} />,
                }}
                loadMore={
                  pages.hasNextPage ? (
                    <Space style={{ width: '100%', justifyContent: 'center', marginTop: 12 }}>
                      <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
                        {t('notify.loadMore')}
                      </Button>
                    </Space>
                  ) : null
                }
                renderItem={(n) => {
                  const text = noticeText(t, i18n, n);
                  return (
                    <List.Item
                      data-testid="notification-row"
                      actions={[
                        ...(n.link
                          ? [
                              <Button key="open" type="link" size="small" onClick={() => open(n)}>
                                {t('notify.open')}
                              </Button>,
                            ]
                          : []),
                        ...(!n.read_at
                          ? [
                              <Button
                                key="read"
                                type="link"
                                size="small"
                                onClick={() => mark.mutate({ ids: [n.id] })}
                              >
                                {t('notify.markRead')}
                              </Button>,
                            ]
                          : []),
                      ]}
                    >
                      <List.Item.Meta
                        avatar={<Badge status={n.read_at ? 'default' : 'processing'} />}
                        title={
                          <Space size="small">
                            {n.link ? (
                              <Typography.Link strong={!n.read_at} onClick={() => open(n)}>
                                {text.title}
                              </Typography.Link>
                            ) : (
                              <Typography.Text strong={!n.read_at}>{text.title}</Typography.Text>
                            )}
                            {!n.read_at && <Tag color="blue">{t('notify.unread')}</Tag>}
                          </Space>
                        }
                        description={
                          <Space direction="vertical" size={2}>
                            {text.body && <Typography.Text>{text.body}</Typography.Text>}
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {formatDateTime(n.created_at)}
                            </Typography.Text>
                          </Space>
                        }
                      />
                    </List.Item>
                  );
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <SettingsCard />
        </Col>
      </Row>
    </PageContainer>
  );
}
