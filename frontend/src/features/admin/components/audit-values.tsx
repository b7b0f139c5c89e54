import { ArrowRightOutlined } from '@ant-design/icons';
import { Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { AuditEvent } from '../api/search-audit-events';

function pretty(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.stringify(value, null, 2);
}

function ValuesBlock({ title, value }: { title: string; value: string | undefined }) {
  return (
    <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      {value === undefined ? (
        <Typography.Text type="secondary" italic>
          —
        </Typography.Text>
      ) : (
        <pre className="teyi-json" aria-label={title}>
          {value}
        </pre>
      )}
    </Flex>
  );
}

/** An audit event opened up: the values before → after, as JSON, and where the request came from. */
export function AuditValues({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const before = pretty(event.old_values);
  const after = pretty(event.new_values);
  return (
    <Flex vertical gap="middle" data-testid={`audit-values-${event.id}`}>
      {before === undefined && after === undefined ? (
        <Typography.Text type="secondary">{t('admin.audit.noValues')}</Typography.Text>
      ) : (
        <Flex gap="middle" align="stretch">
          <ValuesBlock title={t('admin.audit.oldValues')} value={before} />
          <Flex align="center">
            <ArrowRightOutlined aria-hidden />
          </Flex>
          <ValuesBlock title={t('admin.audit.newValues')} value={after} />
        </Flex>
      )}
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('admin.audit.domain')}>{event.domain || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('admin.audit.objectId')}>
          <Typography.Text code copyable={event.object_id !== ''}>
            {event.object_id || '—'}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('admin.audit.requestId')}>
          <Typography.Text code copyable={event.request_id !== ''}>
            {event.request_id || '—'}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Flex>
  );
}
