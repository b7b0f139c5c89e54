import { DeleteOutlined, DownloadOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Modal, Popconfirm, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '@/lib/format';

import { useRemoveEvidence, useUploadEvidence } from '../api/commands';
import { evidenceUrl } from '../api/queries';
import type { ChecklistItem, EvidenceFile, EvidenceKind } from '../api/types';
import { formatBytes, previewKind, useApplicationLabels } from '../model/labels';

import { useWorkflowMessage } from '../model/use-workflow-message';

/** File types the server accepts (it checks the content; this only narrows the picker). */
export const ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,.ofd,application/pdf,image/jpeg,image/png,image/tiff';

/** Which kinds of the checklist are there (uploaded evidence counts, attachments too). */
export function Checklist({ items }: { items: readonly ChecklistItem[] }) {
  const { t } = useTranslation();
  const l = useApplicationLabels();
  return (
    <Space size={[4, 8]} wrap data-testid="checklist">
      {items.map((c) => (
        <Tag key={c.kind} color={c.present ? 'green' : 'orange'}>
          {l.kind(c.kind)} · {c.present ? t('applications.detail.present') : t('applications.detail.missing')}
        </Tag>
      ))}
    </Space>
  );
}

/** Uploads one file of a kind; shows the server's 413/415 answers in words. */
export function EvidenceUploader({
  id,
  kinds,
  defaultKind,
  purpose = 'evidence',
  onUploaded,
}: {
  id: string;
  kinds: readonly string[];
  defaultKind?: string;
  purpose?: 'evidence' | 'attachment';
  onUploaded?: (e: EvidenceFile) => void;
}) {
  const { t } = useTranslation();
  const l = useApplicationLabels();
  const { message } = App.useApp();
  const describe = useWorkflowMessage();
  const upload = useUploadEvidence();
  const [kind, setKind] = useState<string>(defaultKind ?? kinds[0] ?? 'other');
  const [error, setError] = useState<string | null>(null);
  return (
    <Flex vertical gap={8}>
      <Space wrap>
        <Select
          aria-label={t('applications.detail.uploadKind')}
          data-testid="evidence-kind"
          style={{ minWidth: 220 }}
          value={kind}
          onChange={setKind}
          options={kinds.map((k) => ({ value: k, label: l.kind(k) }))}
        />
        <Upload
          accept={ACCEPT}
          showUploadList={false}
          multiple
          customRequest={({ file }) => {
            const f = file as File;
            setError(null);
            upload.mutate(
              { id, file: f, fileName: f.name, kind: kind as EvidenceKind, purpose },
              {
                onSuccess: (ev) => {
                  void message.success(t('applications.wizard.uploaded', { name: f.name }));
                  onUploaded?.(ev);
                },
                onError: (e) => setError(t('applications.wizard.uploadFailed', { name: f.name, reason: describe(e).message })),
              },
            );
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending}>
            {t('applications.detail.upload')}
          </Button>
        </Upload>
        <Typography.Text type="secondary">{t('applications.wizard.uploadHint')}</Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon role="alert" data-testid="upload-error" message={error} closable onClose={() => setError(null)} />}
    </Flex>
  );
}

/** The evidence viewer: files by kind, PDF in a frame, images inline, download, remove before submission. */
export function EvidencePanel({
  id,
  files,
  canRemove,
}: {
  id: string;
  files: readonly EvidenceFile[];
  canRemove: boolean;
}) {
  const { t } = useTranslation();
  const l = useApplicationLabels();
  const remove = useRemoveEvidence();
  const describe = useWorkflowMessage();
  const [preview, setPreview] = useState<EvidenceFile | null>(null);
  const sorted = [...files].sort((a, b) => a.kind.localeCompare(b.kind) || a.created_at.localeCompare(b.created_at));
  if (files.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('applications.detail.noEvidence')} />;
  }
  const pk = preview ? previewKind(preview.content_type) : 'none';
  return (
    <>
      {remove.error !== null && <Alert type="error" showIcon message={describe(remove.error).message} style={{ marginBottom: 8 }} />}
      <Table<EvidenceFile>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={sorted}
        data-testid="evidence-table"
        columns={[
          { title: t('applications.detail.kind'), dataIndex: 'kind', render: (k: string) => l.kind(k), width: 160 },
          { title: t('applications.detail.file'), dataIndex: 'file_name', ellipsis: true },
          { title: t('applications.detail.size'), dataIndex: 'size', align: 'right', width: 90, render: (n: number) => formatBytes(n) },
          { title: t('applications.detail.uploadedBy'), dataIndex: 'uploaded_side', width: 100, render: (s: string) => l.side(s) },
          { title: t('applications.detail.uploadedAt'), dataIndex: 'created_at', width: 150, render: (v: string) => formatDateTime(v) },
          {
            key: 'actions',
            width: 200,
            render: (_, f) => (
              <Space size={4}>
                <Button size="small" icon={<EyeOutlined />} onClick={() => setPreview(f)}>
                  {t('applications.detail.preview')}
                </Button>
                <Button size="small" icon={<DownloadOutlined />} href={evidenceUrl(id, f.id, false)}>
                  {t('applications.detail.download')}
                </Button>
                {canRemove && f.purpose === 'evidence' && (
                  <Popconfirm title={t('applications.detail.removeConfirm')} onConfirm={() => remove.mutate({ id, evidenceId: f.id })}>
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('applications.detail.remove')} />
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={preview !== null}
        title={preview?.file_name}
        width={960}
        footer={
          preview && (
            <Button icon={<DownloadOutlined />} href={evidenceUrl(id, preview.id, false)}>
              {t('applications.detail.download')}
            </Button>
          )
        }
        onCancel={() => setPreview(null)}
        destroyOnHidden
      >
        {preview && pk === 'pdf' && (
          <iframe
            title={preview.file_name}
            data-testid="evidence-preview"
            src={evidenceUrl(id, preview.id, true)}
            style={{ width: '100%', height: '70vh', border: 0 }}
          />
        )}
        {preview && pk === 'image' && (
          <img alt={preview.file_name} data-testid="evidence-preview" src={evidenceUrl(id, preview.id, true)} style={{ maxWidth: '100%' }} />
        )}
        {preview && pk === 'none' && <Alert type="info" showIcon message={t('applications.detail.noPreview')} />}
      </Modal>
    </>
  );
}

/** A card around the viewer with the upload row when the caller may still add evidence. */
export function EvidenceCard({
  id,
  files,
  kinds,
  frozen,
  canUpload,
  canRemove,
}: {
  id: string;
  files: readonly EvidenceFile[];
  kinds: readonly string[];
  frozen: boolean;
  canUpload: boolean;
  canRemove: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('applications.detail.evidence')}>
      <Flex vertical gap={12}>
        {frozen && <Typography.Text type="secondary">{t('applications.detail.frozen')}</Typography.Text>}
        {canUpload && <EvidenceUploader id={id} kinds={kinds} />}
        <EvidencePanel id={id} files={files} canRemove={canRemove && !frozen} />
      </Flex>
    </Card>
  );
}
