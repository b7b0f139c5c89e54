import { DownloadOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Modal, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '@/lib/format';
import { problemOf } from '@/lib/form-errors';

import {
  evidenceUrl,
  MAX_EVIDENCE_BYTES,
  useUploadRegistryEvidence,
  type FilingDetail,
  type FilingEvidence,
} from '../api/registry';

const PREVIEWABLE = new Set(['application/pdf', 'image/jpeg', 'image/png']);

function size(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

/** 材料: the filing's evidence, with upload (drafts) and preview (PDF and images in the browser). */
export function EvidencePanel({ filing, canUpload }: { filing: FilingDetail; canUpload: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadRegistryEvidence();
  const [preview, setPreview] = useState<FilingEvidence | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (file: File) => {
    setError(null);
    if (file.size > MAX_EVIDENCE_BYTES) {
      setError(t('registry.evidence.tooLarge', { name: file.name }));
      return;
    }
    try {
      await upload.mutateAsync({ id: filing.id, file });
      void message.success(t('registry.evidence.uploaded', { name: file.name }));
    } catch (err) {
      const p = problemOf(err);
      setError(
        p?.status === 415
          ? t('registry.evidence.wrongType', { name: file.name })
          : p?.status === 413
            ? t('registry.evidence.tooLarge', { name: file.name })
            : (p?.detail ?? String(err)),
      );
    }
  };

  return (
    <Card
      size="small"
      title={t('registry.evidence.title')}
      extra={
        canUpload ? (
          <Upload
            accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,.ofd"
            showUploadList={false}
            multiple
            beforeUpload={(f) => {
              void send(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="evidence-upload">
              {t('registry.evidence.upload')}
            </Button>
          </Upload>
        ) : null
      }
    >
      {canUpload ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('registry.evidence.hint')} /> : null}
      {error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={error} closable onClose={() => setError(null)} /> : null}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={filing.evidence ?? []}
        locale={{ emptyText: <Empty description={canUpload ? t('registry.evidence.emptyDraft') : t('registry.evidence.empty')} /> }}
        columns={[
          { title: t('registry.evidence.name'), dataIndex: 'file_name', ellipsis: true },
          { title: t('registry.evidence.type'), dataIndex: 'content_type', width: 150 },
          { title: t('registry.evidence.size'), dataIndex: 'size', width: 100, align: 'right', render: (n: number) => size(n) },
          {
            title: t('registry.evidence.uploadedAt'),
            key: 'at',
            width: 220,
            render: (_, e) => `${formatDateTime(e.uploaded_at)} ${e.uploaded_by}`,
          },
          {
            title: '',
            key: 'actions',
            width: 160,
            render: (_, e) => (
              <Space>
                {PREVIEWABLE.has(e.content_type) ? (
                  <Button size="small" icon={<EyeOutlined />} onClick={() => setPreview(e)}>
                    {t('registry.evidence.preview')}
                  </Button>
                ) : null}
                <Button size="small" icon={<DownloadOutlined />} href={evidenceUrl(filing.id, e.id, true)}>
                  {t('registry.evidence.download')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={preview !== null} title={preview?.file_name} footer={null} width={960} onCancel={() => setPreview(null)} destroyOnHidden>
        {preview ? (
          preview.content_type === 'application/pdf' ? (
            <iframe
              title={preview.file_name}
              src={evidenceUrl(filing.id, preview.id)}
              style={{ width: '100%', height: '70vh', border: 0 }}
            />
          ) : (
            <img alt={preview.file_name} src={evidenceUrl(filing.id, preview.id)} style={{ maxWidth: '100%' }} />
          )
        ) : null}
      </Modal>
    </Card>
  );
}
