import { RightOutlined } from '@ant-design/icons';
import { Badge, Card, Col, Empty, Flex, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemResult } from '@/components/problem-result';
import { formatDate } from '@/lib/format';

import { useTodos } from '../api/get-todos';
import { severityColor, sortTodos, todoText, type Translator } from '../model/todos';

/** 我的待办: one card per to-do with its count, opening the filtered list. */
export function TodoList() {
  const { t, i18n } = useTranslation();
  const todos = useTodos();
  const tr: Translator = {
    t: (key, values) => (t as unknown as (k: string, v?: Record<string, unknown>) => string)(key, values),
    exists: (key) => i18n.exists(key),
  };
  if (todos.isError) {
    return (
      <Card title={t('todos.title')}>
        <ProblemResult error={todos.error} title={t('todos.loadFailed')} onRetry={() => void todos.refetch()} retrying={todos.isFetching} />
      </Card>
    );
  }
  if (todos.data === undefined) {
    return (
      <Card title={t('todos.title')}>
        <Skeleton active />
      </Card>
    );
  }
  const items = sortTodos(todos.data);
  if (items.length === 0) {
    return (
      <Card title={t('todos.title')}>
        <Empty description={t('todos.empty')}>
          <Typography.Text type="secondary">{t('todos.emptyHint')}</Typography.Text>
        </Empty>
      </Card>
    );
  }
  return (
    <Card title={t('todos.title')}>
      <Row gutter={[16, 16]} data-testid="todos">
        {items.map((it) => (
          <Col key={it.key} xs={24} md={12} xl={8}>
            <Link to={it.link} data-testid="todo" data-key={it.key}>
              <Card size="small" hoverable>
                <Flex justify="space-between" align="center" gap={12}>
                  <Flex vertical gap={4}>
                    <Typography.Text strong>{todoText(it, tr)}</Typography.Text>
                    {it.due && (
                      <Typography.Text type={it.severity === 'danger' ? 'danger' : 'secondary'}>
                        {t('todos.due', { date: formatDate(it.due) })}
                      </Typography.Text>
                    )}
                  </Flex>
                  <Flex align="center" gap={8}>
                    <Badge count={it.count} overflowCount={999} color={severityColor(it.severity) === 'red' ? '#cf1322' : undefined} showZero />
                    <RightOutlined />
                  </Flex>
                </Flex>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
