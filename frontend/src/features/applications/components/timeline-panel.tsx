import { Empty, Space, Tag, Timeline, Typography } from 'antd';

import { formatDateTime } from '@/lib/format';

import type { TimelineEvent } from '../api/types';
import { reasonListOf, statusColor, useApplicationLabels } from '../model/labels';

/** Every transition: who (name, role), when, which command, from/to, reason and note. */
export function TimelinePanel({ events }: { events: readonly TimelineEvent[] }) {
  const l = useApplicationLabels();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="timeline"
      items={events.map((e) => ({
        key: e.seq,
        color: statusColor(e.to) === 'default' ? 'gray' : statusColor(e.to),
        children: (
          <Space direction="vertical" size={2} data-testid="timeline-event">
            <Space size={8} wrap>
              <Typography.Text strong>{l.command(e.command)}</Typography.Text>
              {e.from !== e.to && e.from !== '' && (
                <Typography.Text type="secondary">
                  {l.status(e.from)} → {l.status(e.to)}
                </Typography.Text>
              )}
              {e.reason_code && <Tag>{l.reason(e.reason_code, reasonListOf(e.command))}</Tag>}
            </Space>
            <Typography.Text type="secondary">
              {formatDateTime(e.at)} · {e.actor_name || l.actor('system')} · {l.actor(e.actor_role)}
            </Typography.Text>
            {e.note && <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Paragraph>}
          </Space>
        ),
      }))}
    />
  );
}

