import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, Flex, List, Popover, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { useAccess } from '@/lib/access';
import { formatDateTime } from '@/lib/format';
import { problemOf } from '@/lib/form-errors';

import { useLatestNotifications, useMarkRead, useUnreadCount, type Notification } from '../api/notifications';

import { noticeText } from './notice-text';

/** How many notifications the bell's dropdown shows. */
export const BELL_LATEST = 8;

/** The header bell: the unread count (polled), and the newest notifications on click. */
export function NotificationBell() {
  const { t } = useTranslation();
  const access = useAccess();
  const count = useUnreadCount(access.canListNotifications);
  const [open, setOpen] = useState(false);
  if (!access.canListNotifications) return null;
  const unread = count.data ?? 0;
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      title={t('notify.latest')}
      content={<BellPanel unread={unread} onDone={() => setOpen(false)} />}
      destroyOnHidden
    >
      <Badge count={unread} size="small" overflowCount={99} data-testid="notification-badge">
        <Button
          type="text"
          data-testid="notification-bell"
          aria-label={unread > 0 ? t('notify.bellUnread', { count: unread }) : t('notify.bell')}
          icon={<BellOutlined />}
        />
      </Badge>
    </Popover>
  );
}

function BellPanel({ unread, onDone }: { unread: number; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const latest = useLatestNotifications(BELL_LATEST, true);
  const mark = useMarkRead();

  const open = (n: Notification) => {
    if (!n.read_at) mark.mutate({ ids: [n.id] });
    onDone();
    void navigate(n.link || '/notifications');
  };

  return (
    <Flex vertical gap="small" style={{ width: 340 }} data-testid="notification-panel">
      {latest.isPending ? (
        <Spin />
      ) : latest.isError ? (
        <Typography.Text type="danger">
          {t('notify.loadFailed')}
          {problemOf(latest.error)?.title ? `: ${problemOf(latest.error)?.title}` : ''}
        </Typography.Text>
      ) : latest.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.empty')} />
      ) : (
        <List
          size="small"
          dataSource={latest.data}
          renderItem={(n) => {
            const text = noticeText(t, i18n, n);
            return (
              <List.Item
                style={{ cursor: 'pointer', paddingInline: 4 }}
                onClick={() => open(n)}
                data-testid="notification-item"
              >
                <List.Item.Meta
                  avatar={<Badge status={n.read_at ? 'default' : 'processing'} />}
                  title={<Typography.Text strong={!n.read_at}>{text.title}</Typography.Text>}
                  description={
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(n.created_at)}
                    </Typography.Text>
                  }
                />
              </List.Item>
            );
          }}
        />
      )}
      <Flex justify="space-between">
        <Button
          size="small"
          disabled={unread === 0}
          loading={mark.isPending}
          onClick={() =>
            mark.mutate(
              { all: true },
              { onSuccess: () => void message.success(t('notify.markedAll')) },
            )
          }
        >
          {t('notify.markAllRead')}
        </Button>
        <Link to="/notifications" onClick={onDone}>
          {t('notify.viewAll')}
        </Link>
      </Flex>
    </Flex>
  );
}
