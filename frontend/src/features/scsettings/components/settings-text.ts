import { useTranslation } from 'react-i18next';

import type { SettingsVersion } from '../api/settings';
import { rateLabel } from '../model/form';

type Basis = SettingsVersion['quota']['basis'];

/** Short texts describing a settings version, in the user's language. */
export function useSettingsText() {
  const { t } = useTranslation();
  const basis = (v: SettingsVersion) =>
    v.quota.basis === 'custom'
      ? `${t('scsettings.quota.bases.custom')} ${rateLabel(v.quota.rate)}`
      : t(`scsettings.quota.bases.${v.quota.basis satisfies Basis}`);
  const scope = (v: SettingsVersion) => t(`scsettings.quota.scopes.${v.quota.scope}`);
  const period = (v: SettingsVersion) => t(`scsettings.quota.periods.${v.quota.period}`);
  return {
    basis,
    scope,
    period,
    quota: (v: SettingsVersion) => t('scsettings.quota.summary', { basis: basis(v), scope: scope(v), period: period(v) }),
    window: (v: SettingsVersion) => t(`scsettings.window.summary.${v.window.kind}`, { n: v.window.workdays }),
    expiry: (v: SettingsVersion) => t(`scsettings.deadlines.expiries.${v.deadlines.info_expiry}`),
    deadlines: (v: SettingsVersion) =>
      t('scsettings.deadlinesSummary', {
        info: v.deadlines.info_due_workdays,
        reminder: v.deadlines.reminder_workdays_before,
        expiry: t(`scsettings.deadlines.expiries.${v.deadlines.info_expiry}`),
        intake: v.deadlines.intake_sla_workdays,
      }),
  };
}
