import { App, Button, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useTransition } from '../api/commands';
import { useApplicationOptions } from '../api/queries';
import type { TransitionCommand } from '../api/types';
import { transitionButtons } from '../model/commands';
import { commandStyle, reasonListOf, useApplicationLabels } from '../model/labels';

import { WorkflowAlert } from './workflow-alert';

/**
 * The buttons for what the caller may do now — exactly the server's
 * `actions`, never re-derived — each confirming with a summary of its effect
 * and, where the machine asks, a reason template and a note.
 */
export function ActionBar({
  id,
  version,
  actions,
  onReload,
}: {
  id: string;
  version: number;
  actions: readonly string[] | null | undefined;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const l = useApplicationLabels();
  const { message } = App.useApp();
  const options = useApplicationOptions();
  const transition = useTransition();
  const [open, setOpen] = useState<TransitionCommand | null>(null);
  const [form] = Form.useForm<{ reason_code?: string; note?: string }>();
  const buttons = transitionButtons(actions);

  const list = open ? reasonListOf(open) : undefined;
  const reasons =
    list === 'info'
      ? options.data?.info_reasons
      : list === 'reject'
        ? options.data?.reject_reasons
        : list === 'return'
          ? options.data?.return_reasons
          : undefined;

  const start = (c: TransitionCommand) => {
    transition.reset();
    form.resetFields();
    setOpen(c);
  };
  const run = async () => {
    if (open === null) return;
    const v = await form.validateFields();
    transition.mutate(
      { id, version, command: open, reason_code: v.reason_code, note: v.note?.trim() },
      {
        onSuccess: () => {
          void message.success(t('applications.detail.actionDone', { command: l.command(open) }));
          setOpen(null);
        },
      },
    );
  };

  if (buttons.length === 0) {
    return <Typography.Text type="secondary">{t('applications.detail.noActions')}</Typography.Text>;
  }
  return (
    <>
      <Space wrap data-testid="application-actions">
        {buttons.map((c) => {
          const style = commandStyle(c);
          return (
            <Button key={c} type={style === 'primary' ? 'primary' : 'default'} danger={style === 'danger'} onClick={() => start(c)}>
              {l.command(c)}
            </Button>
          );
        })}
      </Space>
      <Modal
        open={open !== null}
        title={open ? l.command(open) : ''}
        okText={t('applications.confirm.ok')}
        cancelText={t('applications.confirm.cancel')}
        okButtonProps={{ danger: open ? commandStyle(open) === 'danger' : false, loading: transition.isPending }}
        onOk={() => void run()}
        onCancel={() => setOpen(null)}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {open && <Typography.Paragraph>{l.confirm(open)}</Typography.Paragraph>}
          <WorkflowAlert
            error={transition.error}
            onReload={() => {
              setOpen(null);
              onReload();
            }}
          />
          <Form form={form} layout="vertical" preserve={false}>
            {list !== undefined && (
              <Form.Item
                name="reason_code"
                label={t('applications.reasonLabel')}
                rules={[{ required: true, message: t('applications.reasonLabel') }]}
              >
                <Select
                  autoFocus
                  data-testid="reason-select"
                  options={(reasons ?? []).map((r) => ({ value: r, label: l.reason(r, list) }))}
                />
              </Form.Item>
            )}
            {(list !== undefined || open === 'reply' || open === 'withdraw') && (
              <Form.Item name="note">
                <Input.TextArea
                  rows={3}
                  maxLength={2000}
                  aria-label={open === 'reply' ? t('applications.replyPlaceholder') : t('applications.notePlaceholder')}
                  placeholder={open === 'reply' ? t('applications.replyPlaceholder') : t('applications.notePlaceholder')}
                />
              </Form.Item>
            )}
          </Form>
        </Space>
      </Modal>
    </>
  );
}
