/**
 * What the current user may see in the console. Menu entries and pages carry
 * one of these flags; the API still enforces every rule on its own.
 */
export const ROLES = [
  'clinician',
  'hospital_office',
  'bureau_reviewer',
  'bureau_admin',
  'expert',
  'data_group',
  'sysadmin',
] as const;

export type Role = (typeof ROLES)[number];

export interface Access {
  /** 工作台: the per-role to-do list. */
  canViewWorkbench: boolean;
  /** 系统状态: version and dependency health. */
  canViewSystemStatus: boolean;
}

export type AccessFlag = keyof Access;

export interface CurrentUser {
  roles: readonly Role[];
}

/**
 * Derives the access flags from the user's roles. Until sign-in exists there
 * is no user and everything is visible.
 */
export function accessFor(user: CurrentUser | null): Access {
  if (user === null) {
    return { canViewWorkbench: true, canViewSystemStatus: true };
  }
  return {
    canViewWorkbench: user.roles.length > 0,
    canViewSystemStatus: true,
  };
}

export function useAccess(): Access {
  return accessFor(null);
}
