import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '@/lib/format';

import { usePostMessage } from '../api/commands';
import { evidenceUrl, useApplicationMessages } from '../api/queries';
import type { EvidenceFile } from '../api/types';
import { useApplicationLabels } from '../model/labels';

import { EvidenceUploader } from './evidence-panel';
import { useWorkflowMessage } from '../model/use-workflow-message';

/** The thread between hospital and bureau; attachments are uploaded first (purpose attachment) and sent with the message. */
export function ThreadPanel({
  id,
  files,
  canPost,
  canUpload,
}: {
  id: string;
  files: readonly EvidenceFile[];
  canPost: boolean;
  canUpload: boolean;
}) {
  const { t } = useTranslation();
  const l = useApplicationLabels();
  const messages = useApplicationMessages(id);
  const post = usePostMessage();
  const describe = useWorkflowMessage();
  const [body, setBody] = useState('');
  const [attached, setAttached] = useState<EvidenceFile[]>([]);
  const nameOf = (fid: string) => files.find((f) => f.id === fid)?.file_name ?? attached.find((f) => f.id === fid)?.file_name ?? fid;

  const send = () => {
    if (body.trim() === '') return;
    post.mutate(
      { id, body: body.trim(), attachmentIds: attached.map((a) => a.id) },
      {
        onSuccess: () => {
          setBody('');
          setAttached([]);
        },
      },
    );
  };

  return (
    <Card size="small" title={t('applications.detail.thread')}>
      <Flex vertical gap={12}>
        {messages.isError && <Alert type="error" showIcon message={describe(messages.error).message} />}
        {(messages.data ?? []).length === 0 && !messages.isLoading ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('applications.detail.noMessages')} />
        ) : (
          <List
            data-testid="thread"
            loading={messages.isLoading}
            dataSource={messages.data ?? []}
            renderItem={(m) => (
              <List.Item key={m.id}>
                <List.Item.Meta
                  title={
                    <Space size={8}>
                      <Typography.Text strong>{m.author_name}</Typography.Text>
                      <Tag>{l.side(m.side)}</Tag>
                      <Typography.Text type="secondary">{formatDateTime(m.created_at)}</Typography.Text>
                    </Space>
                  }
                  description={
                    <Flex vertical gap={4}>
                      <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap', color: 'inherit' }}>{m.body}</Typography.Paragraph>
                      {(m.attachment_ids ?? []).map((a) => (
                        <a key={a} href={evidenceUrl(id, a, false)}>
                          <PaperClipOutlined /> {nameOf(a)}
                        </a>
                      ))}
                    </Flex>
                  }
                />
              </List.Item>
            )}
          />
        )}
        {canPost && (
          <Flex vertical gap={8}>
            <Input.TextArea
              rows={3}
              maxLength={12000}
              value={body}
              aria-label={t('applications.detail.messagePlaceholder')}
              placeholder={t('applications.detail.messagePlaceholder')}
              onChange={(e) => setBody(e.target.value)}
            />
            {attached.length > 0 && (
              <Space wrap>
                {attached.map((a) => (
                  <Tag key={a.id} closable onClose={() => setAttached((xs) => xs.filter((x) => x.id !== a.id))} icon={<PaperClipOutlined />}>
                    {a.file_name}
                  </Tag>
                ))}
              </Space>
            )}
            {post.error !== null && <Alert type="error" showIcon message={describe(post.error).message} />}
            <Flex gap={8} wrap justify="space-between">
              {canUpload ? (
                <EvidenceUploader id={id} kinds={['other']} purpose="attachment" onUploaded={(e) => setAttached((xs) => [...xs, e])} />
              ) : (
                <span />
              )}
              <Button type="primary" onClick={send} loading={post.isPending} disabled={body.trim() === ''}>
                {t('applications.detail.send')}
              </Button>
            </Flex>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
