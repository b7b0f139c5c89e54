import { Space, Tag, Tooltip } from 'antd';

import { statusColor, useApplicationLabels } from '../model/labels';

/** A state as a coloured tag (one colour per meaning across the product). */
export function StatusTag({ status }: { status: string }) {
  const l = useApplicationLabels();
  return (
    <Tag color={statusColor(status)} data-testid="application-status">
      {l.status(status)}
    </Tag>
  );
}

/** The types of an application, each with its explanation on hover. */
export function TypeTags({ types }: { types: readonly string[] | null | undefined }) {
  const l = useApplicationLabels();
  return (
    <Space size={[4, 4]} wrap>
      {(types ?? []).map((ty) => (
        <Tooltip key={ty} title={l.typeHelp(ty)}>
          <Tag color="purple">{l.type(ty)}</Tag>
        </Tooltip>
      ))}
    </Space>
  );
}
