import { describe, expect, it } from 'vitest';

import { BUREAU_ADMIN, CLINICIAN } from '@/testing/fixtures';

import { accessFor, operationsOf, parsePolicy, POLICY, roleMay, userMay } from './access';

describe('the bundled policy', () => {
  it('is policies/policy.csv, read line by line', () => {
    expect(POLICY.length).toBeGreaterThan(40);
    expect(POLICY).toContainEqual({ role: 'bureau_admin', kind: 'region', operation: 'create-user' });
    expect(parsePolicy('# comment\n\np, a, hospital, op-one\nnot a rule\np,b,*,op-two')).toEqual([
      { role: 'a', kind: 'hospital', operation: 'op-one' },
      { role: 'b', kind: '*', operation: 'op-two' },
    ]);
  });

  it('answers per role and domain kind', () => {
    expect(roleMay('bureau_admin', 'region', 'search-audit-events')).toBe(true);
    expect(roleMay('bureau_admin', 'hospital', 'search-audit-events')).toBe(false);
    expect(roleMay('clinician', 'hospital', 'list-users')).toBe(false);
    expect(roleMay('anything', 'region', 'get-system-status')).toBe(false);
    expect(roleMay('anonymous', 'region', 'get-system-status')).toBe(true);
  });

  it('lists what hospital systems may be granted', () => {
    expect(operationsOf('hospital_system', 'hospital')).toEqual([
      'get-token-info',
      'upload-case-import',
      'list-case-imports',
      'get-case-import',
      'get-case-import-errors',
    ]);
  });
});

describe('accessFor', () => {
  it('gives nobody anything while no one is signed in or sign-in is unfinished', () => {
    expect(Object.values(accessFor(null)).some(Boolean)).toBe(false);
    expect(Object.values(accessFor({ ...BUREAU_ADMIN, state: 'mfa_pending' })).some(Boolean)).toBe(false);
    expect(userMay({ ...BUREAU_ADMIN, state: 'password_change' }, 'list-users')).toBe(false);
  });

  it('gives a bureau administrator the administration pages, except issuing API tokens', () => {
    const a = accessFor(BUREAU_ADMIN);
    expect(a).toMatchObject({
      canViewWorkbench: true,
      canViewProfile: true,
      canListUsers: true,
      canCreateUser: true,
      canListHospitals: true,
      canUpdateHospital: true,
      canListRoles: true,
      canListApiTokens: true,
      canRevokeApiToken: true,
      canCreateApiToken: false,
      canSearchAudit: true,
    });
  });

  it('gives a clinician the workbench and profile but no administration', () => {
    const a = accessFor(CLINICIAN);
    expect(a.canViewWorkbench).toBe(true);
    expect(a.canViewProfile).toBe(true);
    expect(a.canListUsers || a.canListHospitals || a.canSearchAudit || a.canListApiTokens || a.canListRoles).toBe(false);
  });

  it('gives a hospital office its users, hospital and API tokens, but not the audit log', () => {
    const a = accessFor({
      ...CLINICIAN,
      roles: [{ role: 'hospital_office', kind: 'hospital', id: 'h1', region: '370100' }],
    });
    expect(a).toMatchObject({ canListUsers: true, canCreateUser: false, canCreateApiToken: true, canSearchAudit: false });
  });

  it('lets the bureau administrator change the special-case rules and calendar, and others read them', () => {
    expect(accessFor(BUREAU_ADMIN)).toMatchObject({
      canViewSpecialCaseSettings: true,
      canUpdateSpecialCaseSettings: true,
      canViewCalendar: true,
      canUpdateCalendar: true,
    });
    expect(accessFor(CLINICIAN)).toMatchObject({
      canViewSpecialCaseSettings: true,
      canUpdateSpecialCaseSettings: false,
      canViewCalendar: true,
      canUpdateCalendar: false,
    });
    const dataGroup = accessFor({ ...CLINICIAN, roles: [{ role: 'data_group', kind: 'region', id: 'r', region: '370100' }] });
    expect(dataGroup).toMatchObject({ canViewSpecialCaseSettings: false, canViewCalendar: true, canUpdateCalendar: false });
  });

  it('gives a user without roles no workbench', () => {
    expect(accessFor({ ...BUREAU_ADMIN, roles: [] }).canViewWorkbench).toBe(false);
  });
});
