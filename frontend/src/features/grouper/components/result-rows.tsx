import { Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { GroupResult } from '../api/types';

import type { Compared } from './compare';
import { fieldOfValidation } from './form-model';
import { STATUS_COLOR, useGrouperLabels } from './labels';
import { GroupCode, Secondary } from './result-parts';

export interface ResultRow {
  key: Compared | 'excluded';
  label: string;
  content: (r: GroupResult) => ReactNode;
}

/**
 * The facts of a result, in reading order: status (with the reason), MDC,
 * ADRG, DRG, the CC/MCC level, the secondary diagnosis that decided the split
 * and the CC/MCC the principal diagnosis's exclusion table removed. One list
 * for the single result and for the two-plan comparison.
 */
export function useResultRows(): ResultRow[] {
  const { t } = useTranslation();
  const labels = useGrouperLabels();
  return [
    {
      key: 'status',
      label: t('grouper.status'),
      content: (r) => {
        const reason = labels.reason(r.reason);
        // A validation failure names the field in `detail`; the form shows it there.
        const detail = r.detail && fieldOfValidation(r) === undefined ? r.detail : '';
        return (
          <Space size={4} wrap>
            <Tag color={STATUS_COLOR[r.status] ?? 'default'} data-testid="result-status">
              {labels.status(r)}
            </Tag>
            {reason !== '' && (
              <Typography.Text type="secondary">
                {reason}
                {detail && (
                  <>
                    {' '}
                    <Typography.Text code>{detail}</Typography.Text>
                  </>
                )}
              </Typography.Text>
            )}
          </Space>
        );
      },
    },
    { key: 'mdc', label: t('grouper.mdc'), content: (r) => <GroupCode code={r.mdc} name={r.mdc_name} testId="result-mdc" /> },
    { key: 'adrg', label: t('grouper.adrg'), content: (r) => <GroupCode code={r.adrg} name={r.adrg_name} testId="result-adrg" /> },
    { key: 'drg', label: t('grouper.drg'), content: (r) => <GroupCode code={r.drg} name={r.drg_name} testId="result-drg" /> },
    { key: 'comorbidity', label: t('grouper.comorbidity'), content: (r) => labels.comorbidity(r.comorbidity) },
    {
      key: 'split_by',
      label: t('grouper.splitBy'),
      content: (r) => (r.split_by ? <Secondary dx={r.split_by} /> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      key: 'excluded',
      label: t('grouper.excluded'),
      content: (r) =>
        (r.excluded ?? []).length === 0 ? (
          <Typography.Text type="secondary">{t('grouper.excludedNone')}</Typography.Text>
        ) : (
          <Space direction="vertical" size={2} data-testid="result-excluded">
            {(r.excluded ?? []).map((e) => (
              <Secondary key={e.code} dx={e} />
            ))}
          </Space>
        ),
    },
  ];
}
