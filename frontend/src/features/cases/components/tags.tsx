import { Badge, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatMoney } from '@/lib/format';

import { CLASS_COLOR, isOutlierClass } from '../model/reasons';
import { useReasonTitle } from '../model/use-reason-title';

/** 高倍率 red, 低倍率 orange, 正常 plain; a case not priced reads as such. */
export function ClassTag({ value }: { value: string | undefined }) {
  const { t } = useTranslation();
  if (!value || !isOutlierClass(value)) {
    return <Tag bordered={false}>{t('cases.classes.none')}</Tag>;
  }
  return (
    <Tag color={CLASS_COLOR[value]} bordered={value === 'normal'} data-testid="class-tag">
      {t(`cases.classes.${value}`)}
    </Tag>
  );
}

/** The special-case candidate reasons as blue tags. */
export function ReasonTags({ reasons }: { reasons: readonly string[] | null | undefined }) {
  const title = useReasonTitle();
  if (!reasons || reasons.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={[0, 4]} wrap>
      {reasons.map((r) => (
        <Tag key={r} color="blue" bordered={false}>
          {title(r)}
        </Tag>
      ))}
    </Space>
  );
}

/** Quality errors as a red count; a case that passed shows a quiet tick text. */
export function QualityBadge({ errors }: { errors: number }) {
  const { t } = useTranslation();
  if (errors > 0) {
    return <Badge status="error" text={t('cases.list.qualityErrors', { count: errors })} />;
  }
  return <Badge status="success" text={t('cases.list.qualityOk')} />;
}

/** Money, right-aligned with tabular digits by the caller's column; "—" when absent. */
export function Money({ value, strong }: { value: string | null | undefined; strong?: boolean }) {
  return (
    <span className="money" style={strong ? { fontWeight: 600 } : undefined}>
      {formatMoney(value)}
    </span>
  );
}

/** Masked name, sex and age in one short line. */
export function PatientCell({ name, sex, age }: { name: string; sex: number; age: number }) {
  const { t } = useTranslation();
  const sexKey = sex === 1 || sex === 2 ? (String(sex) as '1' | '2') : '0';
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {name || '—'}{' '}
      <Typography.Text type="secondary">
        {t(`cases.sex.${sexKey}`)} · {t('cases.list.ageYears', { age })}
      </Typography.Text>
    </span>
  );
}
