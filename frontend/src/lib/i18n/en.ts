import { scsettingsEn } from './scsettings.en';
import { notifyEn } from './notify.en';
import { pricingEn } from './pricing.en';
import { registryEn } from './registry.en';
import { publicationEn } from './publication.en';
import { casesEn } from './cases.en';
import { grouperEn } from './grouper.en';
import { identityEn } from './identity.en';
import { applicationsEn } from './applications.en';
import { todosEn } from './todos.en';
import { reviewEn } from './review.en';
import type { Messages } from './zh-CN';

export const en: Messages = {
  app: {
    name: '特议 Teyi',
    tagline: 'DRG/DIP special-case review and payment',
  },
  lang: {
    label: '语言 / Language',
  },
  header: {
    user: 'Not signed in',
    notifications: 'Notifications',
    profile: 'Profile',
    logout: 'Sign out',
    logoutFailed: 'Could not sign out; try again',
    account: 'Signed in as',
  },
  menu: {
    home: 'Workbench',
    status: 'System status',
    profile: 'Profile',
    admin: 'Administration',
    users: 'Users',
    hospitals: 'Hospitals',
    roles: 'Roles',
    apiTokens: 'API tokens',
    audit: 'Audit log',
    grouper: 'Grouping workbench',
    pricing: 'Pricing',
    registry: 'New items registry',
    cases: 'Cases',
    caseList: 'Case list',
    caseImport: 'Import cases',
    caseDashboard: 'Monthly dashboard',
    caseScreening: 'Screening rules',
    specialcase: 'Special cases',
    scSettings: 'Rules',
    calendar: 'Working-day calendar',
    applications: 'Special cases',
    applicationList: 'Applications',
    applicationQuota: 'Quota',
    publication: 'Publication',
    review: 'Expert review',
    reviewBoard: 'Review board',
    reviewDecisions: 'Panel decisions',
    reviewExperts: 'Expert pool',
    reviewInbox: 'My reviews',
    reviewMe: 'My review settings',
  },
  home: {
    title: 'Workbench',
    todoTitle: 'My to-dos',
    todoEmpty: 'Your to-dos will appear here',
    todoIntro:
      'Once you sign in, the workbench lists the to-dos of your roles; each card shows a count and opens the filtered list:',
    todoRoles: {
      clinician: 'Clinician: drafts, requests for information and their due dates',
      hospitalOffice:
        'Hospital insurance office: applications to forward, quota gauge, consultations to answer',
      bureauReviewer:
        'Bureau reviewer: intake queue with its service-level age, panels to draw, decisions to confirm',
      expert: 'Expert: votes due',
      bureauAdmin:
        'Bureau administrator: payment orders to approve, advances to review, opinions awaiting an answer',
    },
  },
  status: {
    title: 'System status',
    description: 'Server version and the health of each dependency, refreshed every 5 seconds.',
    version: 'Version',
    overall: 'Overall',
    ready: 'Ready',
    notReady: 'Not ready',
    updatedAt: 'Updated',
    checks: 'Dependency checks',
    dependency: 'Dependency',
    state: 'State',
    latency: 'Latency',
    latencyValue: '{{ms}} ms',
    error: 'Error',
    ok: 'OK',
    failed: 'Failed',
    loading: 'Checking system status…',
    empty:
      'The server reported no dependency checks. Make sure it is configured with PostgreSQL and Redis as the deployment guide describes.',
    loadFailed: 'Could not load the system status',
    loadFailedHint: 'Make sure the Teyi server is running, then try again.',
    refreshFailed: 'The last refresh failed; showing the previous result.',
    retry: 'Retry',
  },
  notFound: {
    title: 'Page not found',
    subTitle: 'There is no page at this address.',
    back: 'Back to the workbench',
  },
  ...identityEn,
  ...grouperEn,
  ...pricingEn,
  ...casesEn,
  ...scsettingsEn,
  ...applicationsEn,
  ...todosEn,
  ...notifyEn,
  ...registryEn,
  ...publicationEn,
  ...reviewEn,
};
