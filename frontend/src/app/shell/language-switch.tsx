import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';

import { isLanguage, type Language } from '@/lib/i18n';

const OPTIONS: { label: string; value: Language }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'English', value: 'en' },
];

/** 中文 / English; the choice is remembered in this browser (see lib/i18n). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const value: Language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'zh-CN';
  return (
    <Segmented<Language>
      data-testid="lang-switch"
      aria-label={t('lang.label')}
      size="small"
      options={OPTIONS}
      value={value}
      onChange={(lng) => void i18n.changeLanguage(lng)}
    />
  );
}
