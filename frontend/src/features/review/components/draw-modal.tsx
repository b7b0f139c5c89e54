import { Alert, App, Descriptions, Flex, Modal, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ProblemResult } from '@/components/problem-result';
import { problemOf } from '@/lib/form-errors';

import { useDrawPanel, useDrawPreview } from '../api/panels';
import type { BoardRow, Panel, PoolExpert } from '../api/types';
import type { DrawAction } from '../model/board';
import { exclusionCounts, shortText } from '../model/draw';
import { useReviewLabels } from '../model/labels';

import { SpecialtyTags } from './tags';

/**
 * 抽取专家: the eligible pool and the excluded experts with the reason in
 * words (preview-review-draw), the related specialties a short specialty
 * falls back to, or the constraint that ran short; confirming draws
 * (draw-review-panel) and opens the panel.
 */
export function DrawModal({
  row,
  action,
  cycleId,
  onClose,
  onDrawn,
}: {
  row: BoardRow | null;
  action: DrawAction | undefined;
  cycleId: string;
  onClose: () => void;
  onDrawn: (p: Panel) => void;
}) {
  const { t } = useTranslation();
  const tt = t as unknown as (k: string, v?: Record<string, unknown>) => string;
  const l = useReviewLabels();
  const { message } = App.useApp();
  const open = row !== null;
  const preview = useDrawPreview(row?.application_id ?? '', open);
  const draw = useDrawPanel();
  const pool = preview.data;

  const run = () => {
    if (!row) return;
    draw.mutate(
      { application_id: row.application_id, cycle_id: cycleId || undefined },
      {
        onSuccess: (p) => {
          const count = (p.members ?? []).filter((m) => m.status === 'INVITED').length;
          void message.success(t('review.draw.drawn', { count }));
          onDrawn(p);
        },
      },
    );
  };

  const drawError = problemOf(draw.error);
  const columns = [
    { title: t('review.draw.name'), dataIndex: 'name', key: 'name' },
    { title: t('review.common.hospital'), dataIndex: 'hospital_name', key: 'hospital', ellipsis: true },
    {
      title: t('review.draw.specialties'),
      key: 'sp',
      render: (_: unknown, e: PoolExpert) => <SpecialtyTags codes={e.specialties} />,
    },
  ];
  return (
    <Modal
      open={open}
      width={880}
      title={
        <Flex vertical>
          <span>{action === 'appeal' ? t('review.board.appealDraw') : action === 'more' ? t('review.board.drawMore') : t('review.draw.title')}</span>
          {row && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
              {t('review.draw.subtitle', { no: row.no, hospital: row.hospital_name })}
            </Typography.Text>
          )}
        </Flex>
      }
      okText={t('review.draw.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !pool || !!pool.short, loading: draw.isPending }}
      onOk={run}
      onCancel={onClose}
      destroyOnHidden
    >
      {preview.isError ? (
        <ProblemResult error={preview.error} onRetry={() => void preview.refetch()} retrying={preview.isFetching} />
      ) : !pool ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={12} data-testid="draw-dialog">
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('review.draw.mdc')}>{pool.mdc ? l.mdc(pool.mdc) : t('review.draw.noMdc')}</Descriptions.Item>
            <Descriptions.Item label={t('review.common.round')}>{l.round(pool.round)}</Descriptions.Item>
            <Descriptions.Item label={t('review.draw.related')} span={2}>
              <SpecialtyTags codes={pool.related} />
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text strong data-testid="draw-need">
            {pool.need < pool.size ? t('review.draw.needMore', { need: pool.need, size: pool.size }) : t('review.draw.need', { need: pool.need, size: pool.size })}
          </Typography.Text>
          {pool.short ? (
            <Alert
              type="error"
              showIcon
              data-testid="draw-short"
              message={t('review.draw.short')}
              description={
                <Flex vertical>
                  <span>{shortText(pool.short, tt, l)}</span>
                  <Typography.Text type="secondary">{t('review.draw.shortHint')}</Typography.Text>
                </Flex>
              }
            />
          ) : (
            <>
              {(pool.fallback ?? []).length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="draw-fallback"
                  message={t('review.draw.fallback', { list: (pool.fallback ?? []).map((c) => l.mdc(c)).join('、') })}
                />
              )}
              <Alert type="info" showIcon message={t('review.draw.effect', { need: pool.need })} />
            </>
          )}
          {drawError && (
            <Alert
              type="error"
              showIcon
              message={drawError.code === 'draw-short' ? t('review.problems.drawShort', { detail: drawError.detail ?? '' }) : (drawError.detail ?? drawError.title)}
            />
          )}
          <Space size={[4, 4]} wrap data-testid="exclusion-summary">
            {exclusionCounts(pool).map((c) => (
              <Tag key={c.reason}>{`${l.reason(c.reason)} ${c.count}`}</Tag>
            ))}
          </Space>
          <Tabs
            size="small"
            items={[
              {
                key: 'eligible',
                label: t('review.draw.eligible', { count: (pool.eligible ?? []).length }),
                children: (
                  <Table<PoolExpert>
                    size="small"
                    rowKey="user_id"
                    data-testid="draw-eligible"
                    pagination={{ pageSize: 8, hideOnSinglePage: true }}
                    dataSource={pool.eligible ?? []}
                    locale={{ emptyText: t('review.draw.emptyEligible') }}
                    columns={[
                      ...columns,
                      {
                        title: t('review.draw.load'),
                        key: 'load',
                        align: 'right' as const,
                        render: (_: unknown, e: PoolExpert) => (
                          <span className="tabular-nums">{t('review.draw.loadValue', { load: e.load, max: e.max_load })}</span>
                        ),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'excluded',
                label: t('review.draw.excluded', { count: (pool.excluded ?? []).length }),
                children: (
                  <Table<PoolExpert>
                    size="small"
                    rowKey="user_id"
                    data-testid="draw-excluded"
                    pagination={{ pageSize: 8, hideOnSinglePage: true }}
                    dataSource={pool.excluded ?? []}
                    locale={{ emptyText: t('review.draw.emptyExcluded') }}
                    columns={[
                      ...columns,
                      {
                        title: t('review.draw.reason'),
                        key: 'reason',
                        render: (_: unknown, e: PoolExpert) => <Tag color="orange">{l.reason(e.reason ?? '')}</Tag>,
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
        </Flex>
      )}
    </Modal>
  );
}
