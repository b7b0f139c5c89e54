import type { Role } from '@/lib/access';

/** The domain each role is held in (as the API's GET /roles says). */
export const ROLE_KIND: Record<Role, 'hospital' | 'region' | 'system'> = {
  clinician: 'hospital',
  hospital_office: 'hospital',
  bureau_reviewer: 'region',
  bureau_admin: 'region',
  expert: 'region',
  data_group: 'region',
  sysadmin: 'system',
};

/** Hospital roles and experts belong to a hospital (experts recuse from their own). */
export function needsHospital(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).some((r) => r === 'expert' || ROLE_KIND[r as Role] === 'hospital');
}

export function needsRegion(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).some((r) => ROLE_KIND[r as Role] === 'region');
}
