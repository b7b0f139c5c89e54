import { PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Empty, Flex, InputNumber, Modal, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '@/components/page-title';
import { ProblemResult } from '@/components/problem-result';
import { useAccess } from '@/lib/access';
import { formatDateTime } from '@/lib/format';

import { type CalendarDay, useCalendarYear, useCalendarYears } from '../api/calendar';
import { DayDialog } from '../components/day-dialog';
import { MonthCard } from '../components/month-card';

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/**
 * 特例单议 › 工作日历: a year's holidays and adjusted working days as month
 * grids; the bureau administrator clicks a day to change it, or adds a year.
 */
export default function CalendarPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const years = useCalendarYears();
  const [picked, setPicked] = useState<number | undefined>(undefined);
  const [added, setAdded] = useState<number[]>([]);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | undefined>(undefined);

  const known = useMemo(() => {
    const set = new Set([...(years.data?.items ?? []).map((y) => y.year), ...added]);
    return [...set].sort((a, b) => a - b);
  }, [years.data, added]);
  const thisYear = new Date().getFullYear();
  const year = picked ?? (known.includes(thisYear) ? thisYear : known[known.length - 1]);
  const detail = useCalendarYear(year);

  const title = <PageTitle>{t('calendar.title')}</PageTitle>;
  if (years.isError) {
    return (
      <PageContainer title={title}>
        <ProblemResult error={years.error} onRetry={() => void years.refetch()} retrying={years.isFetching} />
      </PageContainer>
    );
  }
  const y = detail.data;
  const entries: CalendarDay[] = y?.entries ?? [];
  return (
    <PageContainer
      title={title}
      content={<Typography.Text type="secondary">{t('calendar.intro')}</Typography.Text>}
      extra={
        <Space wrap>
          <Typography.Text>{t('calendar.year')}</Typography.Text>
          <Select
            aria-label={t('calendar.year')}
            style={{ width: 120 }}
            loading={years.isLoading}
            value={year}
            onChange={(v: number) => setPicked(v)}
            options={known.map((k) => ({ value: k, label: String(k) }))}
          />
          {access.canUpdateCalendar ? (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('calendar.add')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {detail.isError ? (
        <ProblemResult error={detail.error} onRetry={() => void detail.refetch()} retrying={detail.isFetching} />
      ) : !y ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small">
            <Flex wrap gap="small" align="center">
              <Typography.Text strong>{y.year}</Typography.Text>
              <Tag color={y.source === 'region' ? 'blue' : y.source === 'none' ? 'red' : 'default'}>
                {t(`calendar.sources.${y.source}`)}
              </Tag>
              <Typography.Text>{t('calendar.counts', { holidays: y.holidays, workdays: y.workdays })}</Typography.Text>
              {y.updated_by && y.updated_at ? (
                <Typography.Text type="secondary">
                  {t('calendar.updated', { by: y.updated_by, at: formatDateTime(y.updated_at) })}
                </Typography.Text>
              ) : null}
              <Legend />
            </Flex>
            {y.source === 'none' ? (
              <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('calendar.noneAlert', { year: y.year })} />
            ) : null}
            {access.canUpdateCalendar ? (
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                {t('calendar.clickToEdit')}
              </Typography.Paragraph>
            ) : null}
          </Card>
          <div
            data-testid="calendar-grid"
            style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fill, minmax(250px, 1fr))' }}
          >
            {MONTHS.map((m) => (
              <MonthCard
                key={m}
                year={y.year}
                month={m}
                entries={entries}
                onPick={access.canUpdateCalendar ? setEditing : undefined}
              />
            ))}
          </div>
          <EntriesTable entries={entries} />
        </Space>
      )}
      {y && editing ? (
        <DayDialog year={y} date={editing} onClose={() => setEditing(undefined)} />
      ) : null}
      <AddYearModal
        open={adding}
        known={known}
        onClose={() => setAdding(false)}
        onAdd={(n) => {
          setAdded((a) => [...a, n]);
          setPicked(n);
          setAdding(false);
        }}
      />
    </PageContainer>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <Space size={4} style={{ marginLeft: 'auto' }}>
      <Tag color="red">{t('calendar.legend.holiday')}</Tag>
      <Tag color="orange">{t('calendar.legend.workday')}</Tag>
      <Tag>{t('calendar.legend.weekend')}</Tag>
    </Space>
  );
}

function EntriesTable({ entries }: { entries: CalendarDay[] }) {
  const { t } = useTranslation();
  const columns: ColumnsType<CalendarDay> = [
    { title: t('calendar.col.date'), dataIndex: 'date', width: 140 },
    {
      title: t('calendar.col.kind'),
      dataIndex: 'kind',
      width: 160,
      render: (k: CalendarDay['kind']) => <Tag color={k === 'holiday' ? 'red' : 'orange'}>{t(`calendar.kinds.${k}`)}</Tag>,
    },
    { title: t('calendar.col.name'), dataIndex: 'name' },
  ];
  return (
    <Card title={t('calendar.list')} size="small">
      <Table
        rowKey="date"
        size="small"
        columns={columns}
        dataSource={entries}
        pagination={false}
        locale={{ emptyText: <Empty description={t('calendar.listEmpty')} /> }}
      />
    </Card>
  );
}

function AddYearModal({
  open,
  known,
  onClose,
  onAdd,
}: {
  open: boolean;
  known: number[];
  onClose: () => void;
  onAdd: (year: number) => void;
}) {
  const { t } = useTranslation();
  const next = (known[known.length - 1] ?? new Date().getFullYear()) + 1;
  const [value, setValue] = useState<number | null>(null);
  const year = value ?? next;
  return (
    <Modal
      open={open}
      title={t('calendar.addTitle')}
      okText={t('calendar.addOk')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => {
        onAdd(year);
        setValue(null);
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('calendar.addHelp')}</Typography.Paragraph>
      <InputNumber
        aria-label={t('calendar.year')}
        min={2000}
        max={2100}
        precision={0}
        value={year}
        onChange={(v) => setValue(v)}
      />
    </Modal>
  );
}
