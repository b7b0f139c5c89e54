import { Space, Tag } from 'antd';

import { useLabels } from '@/lib/labels';

const COLORS: Record<string, string> = {
  clinician: 'cyan',
  hospital_office: 'geekblue',
  bureau_reviewer: 'blue',
  bureau_admin: 'purple',
  expert: 'gold',
  data_group: 'lime',
  sysadmin: 'magenta',
};

/** A user's roles as tags, one colour per role. */
export function RoleTags({ roles }: { roles: readonly { role: string }[] | null | undefined }) {
  const labels = useLabels();
  return (
    <Space size={[4, 4]} wrap>
      {(roles ?? []).map((g) => (
        <Tag key={g.role} color={COLORS[g.role]} style={{ marginInlineEnd: 0 }}>
          {labels.role(g.role)}
        </Tag>
      ))}
    </Space>
  );
}
