import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Popconfirm, Radio, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useAccess } from '@/lib/access';
import { problemOf, showProblemOnForm } from '@/lib/form-errors';

import { useConflictColleagues, useConflictHospitals } from '../api/options';
import { useAddConflict, useRemoveConflict } from '../api/pool';
import type { Conflict } from '../api/types';
import { useReviewLabels } from '../model/labels';

interface Values {
  kind: 'hospital' | 'colleague';
  target?: string;
  reason: string;
}

/**
 * 回避声明: standing declarations (a hospital, a colleague) and the ones made
 * on seeing a case; a draw leaves the expert out of those applications.
 */
export function ConflictsCard({
  conflicts,
  userId,
  canAdd,
  canRemove,
}: {
  conflicts: readonly Conflict[];
  userId?: string;
  canAdd: boolean;
  canRemove: boolean;
}) {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const access = useAccess();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<string[]>([]);
  const kind = Form.useWatch('kind', form) ?? 'hospital';
  const hospitals = useConflictHospitals(canAdd && access.canListHospitals);
  const colleagues = useConflictColleagues(canAdd && access.canListUsers);
  const add = useAddConflict();
  const remove = useRemoveConflict();
  const canPick = kind === 'hospital' ? access.canListHospitals : access.canListUsers;

  const submit = async (v: Values) => {
    setErrors([]);
    try {
      await add.mutateAsync({
        user_id: userId,
        kind: v.kind,
        hospital_id: v.kind === 'hospital' ? v.target : undefined,
        colleague_id: v.kind === 'colleague' ? v.target : undefined,
        reason: v.reason.trim(),
      });
      form.resetFields();
      void message.success(t('review.conflicts.added'));
    } catch (err) {
      setErrors(showProblemOnForm(form, err, ['reason', 'kind'], { hospital_id: 'target', colleague_id: 'target' }));
    }
  };

  const target = (c: Conflict) => c.hospital_name || c.colleague_name || c.application_no || '—';
  return (
    <Card size="small" title={t('review.conflicts.title')} data-testid="conflicts-card">
      <Flex vertical gap={12}>
        {canAdd && (
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ kind: 'hospital' }}>
            <Flex gap={12} wrap align="start">
              <Form.Item name="kind" label={t('review.conflicts.kind')}>
                <Radio.Group
                  optionType="button"
                  onChange={() => form.setFieldValue('target', undefined)}
                  options={[
                    { value: 'hospital', label: t('review.conflicts.hospital') },
                    { value: 'colleague', label: t('review.conflicts.colleague') },
                  ]}
                />
              </Form.Item>
              {canPick && (
                <Form.Item
                  name="target"
                  label={t('review.conflicts.target')}
                  rules={[{ required: true, message: t('review.conflicts.targetRequired') }]}
                >
                  <Select
                    showSearch
                    optionFilterProp="label"
                    style={{ width: 260 }}
                    placeholder={kind === 'hospital' ? t('review.conflicts.pickHospital') : t('review.conflicts.pickColleague')}
                    loading={kind === 'hospital' ? hospitals.isLoading : colleagues.isLoading}
                    options={(kind === 'hospital' ? (hospitals.data ?? []) : (colleagues.data ?? [])).map((o) => ({ value: o.id, label: o.name }))}
                  />
                </Form.Item>
              )}
              {canPick && (
                <Form.Item
                  name="reason"
                  label={t('review.conflicts.reason')}
                  style={{ flex: 1, minWidth: 240 }}
                  rules={[{ required: true, whitespace: true, message: t('review.common.reasonRequired') }]}
                >
                  <Input maxLength={500} placeholder={t('review.conflicts.reasonPlaceholder')} />
                </Form.Item>
              )}
              {canPick && (
                <Form.Item label=" ">
                  <Button htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
                    {t('review.conflicts.add')}
                  </Button>
                </Form.Item>
              )}
            </Flex>
            {!canPick && <Typography.Text type="secondary">{t('review.conflicts.noPicker')}</Typography.Text>}
          </Form>
        )}
        {errors.length > 0 && <Alert type="error" showIcon message={errors.join('；')} />}
        <Table<Conflict>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={[...conflicts]}
          locale={{ emptyText: t('review.conflicts.empty') }}
          columns={[
            { title: t('review.conflicts.kind'), key: 'kind', render: (_, c) => <Tag>{l.conflictKind(c.kind)}</Tag> },
            { title: t('review.conflicts.target'), key: 'target', render: (_, c) => target(c) },
            { title: t('review.conflicts.reason'), dataIndex: 'reason', render: (r: string) => r || '—' },
            ...(canRemove
              ? [
                  {
                    key: 'rm',
                    width: 60,
                    render: (_: unknown, c: Conflict) =>
                      c.kind === 'application' ? null : (
                        <Popconfirm
                          title={t('review.conflicts.removeConfirm')}
                          onConfirm={() =>
                            remove.mutateAsync(c.id).then(
                              () => void message.success(t('review.conflicts.removed')),
                              (err: unknown) => void message.error(problemOf(err)?.detail ?? String(err)),
                            )
                          }
                        >
                          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('review.conflicts.remove')} />
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
