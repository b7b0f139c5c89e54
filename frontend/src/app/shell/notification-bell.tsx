import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

/** The bell with the unread count; notifications arrive with the notify capability. */
export function NotificationBell() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('header.notificationsSoon')}>
      <Badge count={0} size="small">
        <Button type="text" aria-label={t('header.notifications')} icon={<BellOutlined />} disabled />
      </Badge>
    </Tooltip>
  );
}
