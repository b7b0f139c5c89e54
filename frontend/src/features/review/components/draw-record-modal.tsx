import { Alert, Descriptions, Modal, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemResult } from '@/components/problem-result';
import { formatDateTime } from '@/lib/format';

import { useReviewDraw } from '../api/panels';
import { useReviewLabels } from '../model/labels';

/** One recorded draw for an auditor: its seed and whether replaying it on the recorded pool gives the same panel. */
export function DrawRecordModal({ drawId, onClose }: { drawId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const l = useReviewLabels();
  const rec = useReviewDraw(drawId, drawId !== '');
  const d = rec.data;
  return (
    <Modal
      open={drawId !== ''}
      title={t('review.panel.seedTitle', { id: drawId.slice(0, 8) })}
      footer={null}
      onCancel={onClose}
      width={720}
      destroyOnHidden
    >
      {rec.isError ? (
        <ProblemResult error={rec.error} onRetry={() => void rec.refetch()} />
      ) : !d ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('review.panel.drawKind')}>{l.drawKind(d.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('review.panel.drawnAt')}>{formatDateTime(d.drawn_at, { seconds: true })}</Descriptions.Item>
            <Descriptions.Item label={t('review.panel.seedValue')}>
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="draw-seed">
                {d.seed}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Alert
            style={{ marginTop: 12 }}
            type={d.reproduced ? 'success' : 'error'}
            showIcon
            data-testid="draw-replay"
            message={d.reproduced ? t('review.panel.reproduced') : t('review.panel.notReproduced', { problem: d.problem ?? '' })}
          />
        </>
      )}
    </Modal>
  );
}
