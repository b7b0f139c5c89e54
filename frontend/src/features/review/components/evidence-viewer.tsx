import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Empty, List, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '@/lib/format';
import { useMe } from '@/lib/session';

import { reviewEvidenceUrl } from '../api/expert';
import type { ReviewEvidence } from '../api/types';
import { useReviewLabels } from '../model/labels';
import { watermarkText } from '../model/watermark';

// Enough copies to tile the tallest viewer; the overlay hides the rest.
const TILES = 72;

function kindOf(contentType: string): 'pdf' | 'image' | 'none' {
  if (contentType === 'application/pdf') return 'pdf';
  if (contentType === 'image/jpeg' || contentType === 'image/png') return 'image';
  return 'none';
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The mark over a page: the viewer's name and when they opened it, repeated across the whole view. */
export function Watermark({ text }: { text: string }) {
  return (
    <div className="teyi-watermark" aria-hidden="true" data-testid="watermark" data-text={text}>
      {Array.from({ length: TILES }, (_, i) => (
        <span key={i}>{text}</span>
      ))}
    </div>
  );
}

/**
 * 材料 for an expert: the files of the application, viewed inline through
 * get-review-evidence (every view is audited) under a watermark with the
 * expert's name and the time of viewing. There is no download button.
 */
export function EvidenceViewer({ panelId, files }: { panelId: string; files: readonly ReviewEvidence[] }) {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const me = useMe().data;
  const [open, setOpen] = useState<{ file: ReviewEvidence; at: Date } | null>(null);
  if (files.length === 0) return <Empty description={t('review.case.noEvidence')} />;
  const mark = open ? watermarkText(me?.display_name ?? '', open.at) : '';
  const k = open ? kindOf(open.file.content_type) : 'none';
  const label = (f: ReviewEvidence) => `${l.evidenceKind(f.kind)} ${f.label.replace(/^.*-(\d+)$/, '$1')}`;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={7}>
        <List
          size="small"
          bordered
          dataSource={[...files]}
          data-testid="review-evidence-list"
          renderItem={(f) => (
            <List.Item
              key={f.id}
              style={{ background: open?.file.id === f.id ? '#e6f4ff' : undefined }}
              actions={[
                <Button key="open" size="small" icon={<EyeOutlined />} onClick={() => setOpen({ file: f, at: new Date() })}>
                  {t('review.evidence.open')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={label(f)}
                description={
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {`${formatBytes(f.size)} · ${formatDateTime(f.uploaded_at)}`}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      </Col>
      <Col xs={24} lg={17}>
        {open === null ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.evidence.open')} />
        ) : k === 'none' ? (
          <Alert type="info" showIcon message={t('review.evidence.notInline', { type: open.file.content_type })} />
        ) : (
          <div className="teyi-evidence-frame" data-testid="review-evidence-viewer" onContextMenu={(e) => e.preventDefault()}>
            {k === 'pdf' ? (
              <iframe
                key={open.file.id}
                title={label(open.file)}
                src={`${reviewEvidenceUrl(panelId, open.file.id)}#toolbar=0`}
                style={{ width: '100%', height: '72vh', border: 0, display: 'block' }}
              />
            ) : (
              <img
                key={open.file.id}
                alt={label(open.file)}
                src={reviewEvidenceUrl(panelId, open.file.id)}
                style={{ width: '100%', display: 'block' }}
                draggable={false}
              />
            )}
            <Watermark text={mark} />
          </div>
        )}
      </Col>
    </Row>
  );
}
