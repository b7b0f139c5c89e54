import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import type { ReportSummary } from '../api/publication';

/** 草稿 (the revision) or 第 n 版. */
export function KindTag({ r }: { r: Pick<ReportSummary, 'kind' | 'version' | 'revision'> }) {
  const { t } = useTranslation();
  if (r.kind === 'draft') {
    return <Tag color="orange">{t('publication.draftTag', { revision: r.revision })}</Tag>;
  }
  return <Tag color="green">{t('publication.versionN', { version: r.version })}</Tag>;
}
