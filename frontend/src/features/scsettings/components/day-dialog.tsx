import { Alert, App, Form, Input, Modal, Radio, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { problemOf } from '@/lib/form-errors';

import { type CalendarYear, useUpdateCalendarYear } from '../api/calendar';
import { type DayKind, isWeekendDate, withDay } from '../model/calendar-grid';

interface Values {
  kind: DayKind | 'normal';
  name: string;
}

/** Changes one day of a year: as usual, a day off, or an adjusted working day (weekends only). Saves the whole year. */
export function DayDialog({ year, date, onClose }: { year: CalendarYear; date: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateCalendarYear();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const entries = year.entries ?? [];
  const current = entries.find((e) => e.date === date);
  const weekend = isWeekendDate(date);
  const kind = Form.useWatch('kind', form);

  const save = (v: Values) => {
    setProblems([]);
    const next = withDay(entries, date, v.kind === 'normal' ? undefined : v.kind, v.name ?? '');
    update.mutate(
      { year: year.year, version: year.version, entries: next },
      {
        onSuccess: () => {
          void message.success(t('calendar.edit.saved', { date }));
          onClose();
        },
        onError: (err) => {
          const p = problemOf(err);
          if (p?.status === 409) setProblems([t('common.stale')]);
          else setProblems(p?.errors?.length ? p.errors.map((e) => e.message) : [err instanceof Error ? err.message : String(err)]);
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t('calendar.edit.title', { date })}
      okText={t('calendar.edit.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {problems.length > 0 ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={problems.map((p) => <div key={p}>{p}</div>)} />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: (current?.kind as DayKind | undefined) ?? 'normal', name: current?.name ?? '' }}
        onFinish={save}
      >
        <Form.Item name="kind" label={t('calendar.edit.kind')}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value="normal">
                {t('calendar.edit.normal', {
                  what: weekend ? t('calendar.edit.normalWeekend') : t('calendar.edit.normalWorkday'),
                })}
              </Radio>
              <Radio value="holiday">{t('calendar.edit.holiday')}</Radio>
              <Radio value="workday" disabled={!weekend}>
                {t('calendar.edit.workday')}
              </Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {!weekend ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('calendar.edit.workdayOnlyWeekend')} /> : null}
        {kind !== 'normal' ? (
          <Form.Item
            name="name"
            label={t('calendar.edit.name')}
            rules={[{ required: true, whitespace: true, message: t('calendar.edit.nameRequired') }, { max: 40 }]}
          >
            <Input placeholder={t('calendar.edit.namePlaceholder')} maxLength={40} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
