import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Popconfirm, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { problemOf, showProblemOnForm } from '@/lib/form-errors';

import { useAddAbsence, useRemoveAbsence } from '../api/pool';
import type { Absence } from '../api/types';

/**
 * 不在岗期间: the periods an expert cannot review (a draw leaves them out on
 * those days). `userId` is set when an administrator keeps another's list.
 */
export function AbsencesCard({
  absences,
  userId,
  canAdd,
  canRemove,
}: {
  absences: readonly Absence[];
  userId?: string;
  canAdd: boolean;
  canRemove: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ range: [Dayjs, Dayjs] | null; note?: string }>();
  const [errors, setErrors] = useState<string[]>([]);
  const add = useAddAbsence();
  const remove = useRemoveAbsence();

  const submit = async (v: { range: [Dayjs, Dayjs] | null; note?: string }) => {
    setErrors([]);
    if (!v.range) return;
    try {
      await add.mutateAsync({
        user_id: userId,
        starts_on: v.range[0].format('YYYY-MM-DD'),
        ends_on: v.range[1].format('YYYY-MM-DD'),
        note: v.note?.trim() || undefined,
      });
      form.resetFields();
      void message.success(t('review.absences.added'));
    } catch (err) {
      setErrors(showProblemOnForm(form, err, ['range', 'note'], { starts_on: 'range', ends_on: 'range' }));
    }
  };

  const sorted = [...absences].sort((a, b) => a.starts_on.localeCompare(b.starts_on));
  return (
    <Card size="small" title={t('review.absences.title')} data-testid="absences-card">
      <Flex vertical gap={12}>
        {canAdd && (
          <Form form={form} layout="inline" onFinish={(v) => void submit(v)}>
            <Form.Item name="range" rules={[{ required: true, message: t('review.absences.required') }]}>
              <DatePicker.RangePicker aria-label={t('review.absences.range')} />
            </Form.Item>
            <Form.Item name="note">
              <Input placeholder={t('review.absences.note')} maxLength={200} style={{ width: 220 }} />
            </Form.Item>
            <Button htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
              {t('review.absences.add')}
            </Button>
          </Form>
        )}
        {errors.length > 0 && <Alert type="error" showIcon message={errors.join('；')} />}
        <Table<Absence>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={sorted}
          locale={{ emptyText: t('review.absences.empty') }}
          columns={[
            { title: t('review.absences.range'), key: 'range', render: (_, a) => `${a.starts_on} ~ ${a.ends_on}` },
            { title: t('review.absences.note'), dataIndex: 'note', render: (n: string) => n || '—' },
            ...(canRemove
              ? [
                  {
                    key: 'rm',
                    width: 60,
                    render: (_: unknown, a: Absence) => (
                      <Popconfirm
                        title={t('review.absences.removeConfirm')}
                        onConfirm={() =>
                          remove.mutateAsync(a.id).then(
                            () => void message.success(t('review.absences.removed')),
                            (err: unknown) => void message.error(problemOf(err)?.detail ?? String(err)),
                          )
                        }
                      >
                        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('review.absences.remove')} />
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Flex>
    </Card>
  );
}
