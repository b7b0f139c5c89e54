import { useTranslation } from 'react-i18next';

/**
 * Names for the codes the API sends (role, domain kind, audit action, object
 * type, operation id) in the interface language. A code without a name yet —
 * a capability added later — is shown as it is, never as a missing key.
 */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const lookup = (key: string, fallback: string): string =>
    i18n.exists(key) ? (t as unknown as (k: string) => string)(key) : fallback;
  return {
    role: (role: string) => lookup(`roles.${role}`, role),
    domainKind: (kind: string) => lookup(`domainKinds.${kind}`, kind),
    /** `user.create` → 新建用户 (actions are nested by their dot). */
    action: (action: string) => (/^[a-z_]+\.[a-z_]+$/.test(action) ? lookup(`admin.audit.actions.${action}`, action) : action),
    objectType: (type: string) => lookup(`admin.audit.objectTypes.${type}`, type),
    operation: (op: string) => (/^[a-z-]+$/.test(op) ? lookup(`operations.${op}`, op) : op),
  };
}

export type Labels = ReturnType<typeof useLabels>;
