/**
 * What the current user may see and do in the console. The rules are the
 * server's own: policies/policy.csv (role, domain kind, operation id) is
 * bundled as it is, so the menu never offers what the API would refuse — and
 * the API still enforces every rule on its own.
 */
import policyText from '../../../policies/policy.csv?raw';

import type { operations } from '@/api/schema';

import { useMe, type Me } from './session';

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

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** An API operation id, as in the OpenAPI document and policy.csv. */
export type OperationId = keyof operations & string;

/** The role API tokens of hospital systems hold (in their hospital). */
export const HOSPITAL_SYSTEM_ROLE = 'hospital_system';

export interface PolicyRule {
  role: string;
  /** hospital, region, system, or * for any. */
  kind: string;
  operation: string;
}

/** Reads policy.csv: `p, role, domain kind, operation id` lines; # comments. */
export function parsePolicy(text: string): PolicyRule[] {
  const rules: PolicyRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [p, role, kind, operation] = line.split(',').map((s) => s.trim());
    if (p === 'p' && role && kind && operation) rules.push({ role, kind, operation });
  }
  return rules;
}

export const POLICY: readonly PolicyRule[] = parsePolicy(policyText);

const allowed = new Set(POLICY.map((r) => `${r.role}|${r.kind}|${r.operation}`));

/** Whether a role held in a domain of `kind` may run `operation`. */
export function roleMay(role: string, kind: string, operation: string): boolean {
  return allowed.has(`${role}|${kind}|${operation}`) || allowed.has(`${role}|*|${operation}`);
}

/** The operations a role may run, in policy order (e.g. what an API token may be granted). */
export function operationsOf(role: string, kind: string): string[] {
  const out: string[] = [];
  for (const r of POLICY) {
    if (r.role === role && (r.kind === kind || r.kind === '*') && !out.includes(r.operation)) out.push(r.operation);
  }
  return out;
}

export interface Access {
  /** 工作台: the per-role to-do list. */
  canViewWorkbench: boolean;
  /** 系统状态: version and dependency health. */
  canViewSystemStatus: boolean;
  /** 个人设置: own password and second factor. */
  canViewProfile: boolean;
  /** 系统管理 › 用户. */
  canListUsers: boolean;
  canCreateUser: boolean;
  canUpdateUser: boolean;
  canSetUserRoles: boolean;
  canResetUserPassword: boolean;
  /** 系统管理 › 医疗机构. */
  canListHospitals: boolean;
  canCreateHospital: boolean;
  canUpdateHospital: boolean;
  canListRegions: boolean;
  /** 系统管理 › 角色. */
  canListRoles: boolean;
  /** 系统管理 › API 令牌. */
  canListApiTokens: boolean;
  canCreateApiToken: boolean;
  canRevokeApiToken: boolean;
  /** 系统管理 › 审计日志. */
  canSearchAudit: boolean;
  /** 分组工作台: what-if grouping. */
  canUseGrouper: boolean;
  /** 支付参数: pricing versions. */
  canListPricing: boolean;
  canCreatePricingDraft: boolean;
  canImportPricingCatalogue: boolean;
  canActivatePricing: boolean;
  canRetirePricing: boolean;
  canPreviewPricing: boolean;
  /** 病例 › 病例列表 and its detail pages. */
  canListCases: boolean;
  canGetCase: boolean;
  canExportCases: boolean;
  /** 病例 › 病例导入. */
  canUploadCaseImport: boolean;
  canListCaseImports: boolean;
  /** 病例 › 月度看板. */
  canViewCaseDashboard: boolean;
  /** 病例 › 筛查规则. */
  canViewScreeningRules: boolean;
  canUpdateScreeningRules: boolean;
  /** 特例单议 › 规则设置: quota, window, deadlines. */
  canViewSpecialCaseSettings: boolean;
  canUpdateSpecialCaseSettings: boolean;
  /** 特例单议 › 工作日历. */
  canViewCalendar: boolean;
  canUpdateCalendar: boolean;
  /** 特例单议 › 申请列表 and the application detail. */
  canListApplications: boolean;
  canGetApplication: boolean;
  /** 特例单议 › 申请 (the wizard, from a case). */
  canCreateApplication: boolean;
  canUpdateApplication: boolean;
  canTransitionApplication: boolean;
  canAssignApplications: boolean;
  canListApplicationReviewers: boolean;
  canUploadApplicationEvidence: boolean;
  canRemoveApplicationEvidence: boolean;
  canPostApplicationMessage: boolean;
  canPreviewRegrouping: boolean;
  /** 特例单议 › 额度. */
  canViewApplicationQuota: boolean;
  /** 通知中心 and the header bell: one's own notifications. */
  canListNotifications: boolean;
  /** 新药耗备案: the registry of new drugs, consumables and service items. */
  canListRegistry: boolean;
  canCreateRegistryItem: boolean;
  canUpdateRegistryItem: boolean;
  canSubmitRegistryItem: boolean;
  canWithdrawRegistryItem: boolean;
  canApproveRegistryItem: boolean;
  canRejectRegistryItem: boolean;
  canUploadRegistryEvidence: boolean;
  /** 特例单议 › 情况公示: the semi-annual publication (published versions; drafts for the bureau). */
  canListPublications: boolean;
  canDraftPublication: boolean;
  canPublishPublication: boolean;
  /** 专家评审 › 专家库: the pool (bureau); experts keep their own availability and declarations. */
  canListReviewExperts: boolean;
  canUpdateReviewExpert: boolean;
  canViewMyReviewProfile: boolean;
  canAddReviewAbsence: boolean;
  canRemoveReviewAbsence: boolean;
  canAddReviewConflict: boolean;
  canRemoveReviewConflict: boolean;
  /** 专家评审 › 评审看板: cycles, draws and panels. */
  canListReviewCycles: boolean;
  canOpenReviewCycle: boolean;
  canViewReviewBoard: boolean;
  canPreviewReviewDraw: boolean;
  canDrawReviewPanel: boolean;
  canGetReviewPanel: boolean;
  canGetReviewDraw: boolean;
  /** 专家评审 › 我的评审: an expert's invitations, cases and votes. */
  canViewReviewInbox: boolean;
  canRespondReviewInvitation: boolean;
  canGetReviewCase: boolean;
  canCastReviewVote: boolean;
  /** 专家评审 › 评审决定 (bureau), and an application's decisions (hospital). */
  canListReviewDecisions: boolean;
  canGetReviewDecision: boolean;
  canConfirmReviewDecision: boolean;
  canReturnReviewDecision: boolean;
  canGetReviewLetter: boolean;
  canListApplicationDecisions: boolean;
  canAppealReviewDecision: boolean;
}

export type AccessFlag = keyof Access;

/** What accessFor needs of the user: their grants and sign-in state. */
export type CurrentUser = Pick<Me, 'roles' | 'state'>;

/** Whether the user may run `operation` through any role they hold. */
export function userMay(user: CurrentUser | null | undefined, operation: OperationId): boolean {
  if (!user || user.state !== 'authenticated') return false;
  // Rules for every fully signed-in person (the `authenticated` pseudo-role).
  if (roleMay('authenticated', '', operation)) return true;
  return (user.roles ?? []).some((g) => roleMay(g.role, g.kind, operation));
}

/** Derives the access flags from the signed-in user's roles; nobody signed in may do nothing. */
export function accessFor(user: CurrentUser | null | undefined): Access {
  const may = (op: OperationId) => userMay(user, op);
  const signedIn = !!user && user.state === 'authenticated';
  return {
    canViewWorkbench: signedIn && (user.roles ?? []).length > 0,
    canViewSystemStatus: signedIn,
    canViewProfile: signedIn,
    canListUsers: may('list-users'),
    canCreateUser: may('create-user'),
    canUpdateUser: may('update-user'),
    canSetUserRoles: may('set-user-roles'),
    canResetUserPassword: may('reset-user-password'),
    canListHospitals: may('list-hospitals'),
    canCreateHospital: may('create-hospital'),
    canUpdateHospital: may('update-hospital'),
    canListRegions: may('list-regions'),
    canListRoles: may('list-roles'),
    canListApiTokens: may('list-api-tokens'),
    canCreateApiToken: may('create-api-token'),
    canRevokeApiToken: may('revoke-api-token'),
    canSearchAudit: may('search-audit-events'),
    canUseGrouper: may('group-case'),
    canListPricing: may('list-pricing-versions'),
    canCreatePricingDraft: may('create-pricing-draft'),
    canImportPricingCatalogue: may('import-pricing-catalogue'),
    canActivatePricing: may('activate-pricing-version'),
    canRetirePricing: may('retire-pricing-version'),
    canPreviewPricing: may('price-preview'),
    canListCases: may('list-cases'),
    canGetCase: may('get-case'),
    canExportCases: may('export-cases'),
    canUploadCaseImport: may('upload-case-import'),
    canListCaseImports: may('list-case-imports'),
    canViewCaseDashboard: may('get-case-dashboard'),
    canViewScreeningRules: may('get-screening-rules'),
    canUpdateScreeningRules: may('update-screening-rules'),
    canViewSpecialCaseSettings: may('get-specialcase-settings'),
    canUpdateSpecialCaseSettings: may('update-specialcase-settings'),
    canViewCalendar: may('list-calendar-years'),
    canUpdateCalendar: may('update-calendar-year'),
    canListApplications: may('list-applications'),
    canGetApplication: may('get-application'),
    canCreateApplication: may('create-application'),
    canUpdateApplication: may('update-application'),
    canTransitionApplication: may('transition-application'),
    canAssignApplications: may('assign-applications'),
    canListApplicationReviewers: may('list-application-reviewers'),
    canUploadApplicationEvidence: may('upload-application-evidence'),
    canRemoveApplicationEvidence: may('remove-application-evidence'),
    canPostApplicationMessage: may('post-application-message'),
    canPreviewRegrouping: may('preview-regrouping'),
    canViewApplicationQuota: may('get-application-quota'),
    canListNotifications: may('list-notifications'),
    canListRegistry: may('list-registry-items'),
    canCreateRegistryItem: may('create-registry-item'),
    canUpdateRegistryItem: may('update-registry-item'),
    canSubmitRegistryItem: may('submit-registry-item'),
    canWithdrawRegistryItem: may('withdraw-registry-item'),
    canApproveRegistryItem: may('approve-registry-item'),
    canRejectRegistryItem: may('reject-registry-item'),
    canUploadRegistryEvidence: may('upload-registry-evidence'),
    canListPublications: may('list-special-case-reports'),
    canDraftPublication: may('draft-special-case-report'),
    canPublishPublication: may('publish-special-case-report'),
    canListReviewExperts: may('list-review-experts'),
    canUpdateReviewExpert: may('update-review-expert'),
    canViewMyReviewProfile: may('get-my-review-profile'),
    canAddReviewAbsence: may('add-review-absence'),
    canRemoveReviewAbsence: may('remove-review-absence'),
    canAddReviewConflict: may('add-review-conflict'),
    canRemoveReviewConflict: may('remove-review-conflict'),
    canListReviewCycles: may('list-review-cycles'),
    canOpenReviewCycle: may('open-review-cycle'),
    canViewReviewBoard: may('get-review-board'),
    canPreviewReviewDraw: may('preview-review-draw'),
    canDrawReviewPanel: may('draw-review-panel'),
    canGetReviewPanel: may('get-review-panel'),
    canGetReviewDraw: may('get-review-draw'),
    canViewReviewInbox: may('get-review-inbox'),
    canRespondReviewInvitation: may('respond-review-invitation'),
    canGetReviewCase: may('get-review-case'),
    canCastReviewVote: may('cast-review-vote'),
    canListReviewDecisions: may('list-review-decisions'),
    canGetReviewDecision: may('get-review-decision'),
    canConfirmReviewDecision: may('confirm-review-decision'),
    canReturnReviewDecision: may('return-review-decision'),
    canGetReviewLetter: may('get-review-letter'),
    canListApplicationDecisions: may('list-application-decisions'),
    canAppealReviewDecision: may('appeal-review-decision'),
  };
}

/** The access flags of whoever is signed in now. */
export function useAccess(): Access {
  const me = useMe();
  return accessFor(me.data);
}

/** Whether the signed-in user works for a region (a bureau): their lists span several hospitals. */
export function isRegionUser(user: CurrentUser | null | undefined): boolean {
  return (user?.roles ?? []).some((g) => g.kind === 'region');
}

/** Whether the signed-in user holds a system-wide role (sysadmin). */
export function isSystemUser(user: CurrentUser | null | undefined): boolean {
  return (user?.roles ?? []).some((g) => g.kind === 'system');
}
