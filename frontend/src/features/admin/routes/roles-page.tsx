import { CheckOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Card, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { POLICY } from '@/lib/access';
import { useLabels } from '@/lib/labels';

import { useRoles, type RoleInfo } from '../api/list-roles';

interface Row {
  operation: string;
  allowed: Set<string>;
}

/** The order operations are listed in: as policy.csv groups them, then the rest by name. */
const POLICY_ORDER = new Map<string, number>();
for (const rule of POLICY) if (!POLICY_ORDER.has(rule.operation)) POLICY_ORDER.set(rule.operation, POLICY_ORDER.size);

/** 系统管理 › 角色: a matrix of roles × the operations each may call, as the server enforces it. */
export default function RolesPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const roles = useRoles();

  const { rows, items } = useMemo(() => {
    const list: RoleInfo[] = roles.data ?? [];
    const byOp = new Map<string, Set<string>>();
    for (const r of list) {
      for (const op of r.operations ?? []) {
        if (!byOp.has(op)) byOp.set(op, new Set());
        byOp.get(op)?.add(r.role);
      }
    }
    const ops = [...byOp.keys()].sort(
      (a, b) => (POLICY_ORDER.get(a) ?? 1e6) - (POLICY_ORDER.get(b) ?? 1e6) || a.localeCompare(b),
    );
    return { rows: ops.map((operation) => ({ operation, allowed: byOp.get(operation) ?? new Set<string>() })), items: list };
  }, [roles.data]);

  const columns: ColumnsType<Row> = [
    {
      title: t('admin.rolesPage.operation'),
      dataIndex: 'operation',
      fixed: 'left',
      width: 260,
      render: (op: string) => (
        <Flex vertical>
          <Typography.Text>{labels.operation(op)}</Typography.Text>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
            {op}
          </Typography.Text>
        </Flex>
      ),
    },
    ...items.map((r) => ({
      key: r.role,
      align: 'center' as const,
      title: (
        <Flex vertical align="center" gap={2}>
          <span>{labels.role(r.role)}</span>
          <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
            {labels.domainKind(r.domain_kind)}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('admin.rolesPage.count', { count: (r.operations ?? []).length })}
          </Typography.Text>
        </Flex>
      ),
      render: (_: unknown, row: Row) =>
        row.allowed.has(r.role) ? (
          <Tooltip title={t('admin.rolesPage.allowed')}>
            <CheckOutlined style={{ color: '#52c41a' }} aria-label={t('admin.rolesPage.allowed')} />
          </Tooltip>
        ) : (
          <span aria-label={t('admin.rolesPage.notAllowed')} style={{ color: '#d9d9d9' }}>
            ·
          </span>
        ),
    })),
  ];

  return (
    <PageContainer title={<PageTitle>{t('admin.rolesPage.title')}</PageTitle>} content={t('admin.rolesPage.description')}>
      <Card>
        {roles.isError && roles.data === undefined ? (
          <ProblemResult error={roles.error} onRetry={() => void roles.refetch()} retrying={roles.isFetching} />
        ) : (
          <Table<Row>
            rowKey="operation"
            columns={columns}
            dataSource={rows}
            loading={roles.isPending}
            pagination={false}
            size="small"
            bordered
            scroll={{ x: 'max-content' }}
            sticky
          />
        )}
      </Card>
    </PageContainer>
  );
}
