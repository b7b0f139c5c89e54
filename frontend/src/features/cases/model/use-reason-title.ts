import { useTranslation } from 'react-i18next';

import { reasonKey } from './reasons';

/** A reason code's title in the interface language; a code this UI does not know yet is shown as sent. */
export function useReasonTitle() {
  const { t } = useTranslation();
  return (code: string) => {
    const key = reasonKey(code);
    return key ? t(key) : code;
  };
}
