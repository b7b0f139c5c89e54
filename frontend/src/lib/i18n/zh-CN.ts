import { scsettingsZhCN } from './scsettings.zh-CN';
import { notifyZhCN } from './notify.zh-CN';
import { pricingZhCN } from './pricing.zh-CN';
import { registryZhCN } from './registry.zh-CN';
import { publicationZhCN } from './publication.zh-CN';
import { casesZhCN } from './cases.zh-CN';
import { grouperZhCN } from './grouper.zh-CN';
import { identityZhCN } from './identity.zh-CN';
import { applicationsZhCN } from './applications.zh-CN';
import { todosZhCN } from './todos.zh-CN';
import { reviewZhCN } from './review.zh-CN';

/** Simplified Chinese, the default language; every other language has the same keys. */
export const zhCN = {
  app: {
    name: '特议 Teyi',
    tagline: 'DRG/DIP 特例单议与支付协同',
  },
  lang: {
    label: '语言 / Language',
  },
  header: {
    user: '未登录',
    notifications: '通知',
    profile: '个人设置',
    logout: '退出登录',
    logoutFailed: '退出失败，请重试',
    account: '当前账户',
  },
  menu: {
    home: '工作台',
    status: '系统状态',
    profile: '个人设置',
    admin: '系统管理',
    users: '用户',
    hospitals: '医疗机构',
    roles: '角色',
    apiTokens: 'API 令牌',
    audit: '审计日志',
    grouper: '分组工作台',
    pricing: '支付参数',
    registry: '新药耗备案',
    cases: '病例',
    caseList: '病例列表',
    caseImport: '病例导入',
    caseDashboard: '月度看板',
    caseScreening: '筛查规则',
    specialcase: '特例单议',
    scSettings: '规则设置',
    calendar: '工作日历',
    applications: '特例单议',
    applicationList: '申请列表',
    applicationQuota: '额度',
    publication: '情况公示',
    review: '专家评审',
    reviewBoard: '评审看板',
    reviewDecisions: '评审决定',
    reviewExperts: '专家库',
    reviewInbox: '我的评审',
    reviewMe: '我的评审设置',
  },
  home: {
    title: '工作台',
    todoTitle: '我的待办',
    todoEmpty: '待办事项将显示在这里',
    todoIntro:
      '登录后，工作台按您的角色列出待办，每张卡片显示数量，点击即可打开筛选好的列表：',
    todoRoles: {
      clinician: '临床医生：草稿、补充材料请求及截止日期',
      hospitalOffice: '医院医保办：待转报的申请、额度仪表、待答复的征询',
      bureauReviewer: '医保经办：受理队列及已用时限、待抽取的专家组、待确认的结论',
      expert: '评审专家：待投票的病例',
      bureauAdmin: '医保管理员：待审批的支付单、待审核的预付金、待答复的意见',
    },
  },
  status: {
    title: '系统状态',
    description: '服务版本与各依赖的健康情况，每 5 秒自动刷新。',
    version: '版本',
    overall: '总体',
    ready: '就绪',
    notReady: '未就绪',
    updatedAt: '更新时间',
    checks: '依赖检查',
    dependency: '依赖',
    state: '状态',
    latency: '耗时',
    latencyValue: '{{ms}} 毫秒',
    error: '错误信息',
    ok: '正常',
    failed: '异常',
    loading: '正在检查系统状态…',
    empty: '服务器未报告任何依赖检查。请确认服务已按部署文档配置 PostgreSQL 和 Redis。',
    loadFailed: '无法获取系统状态',
    loadFailedHint: '请确认 Teyi 服务正在运行，然后重试。',
    refreshFailed: '最近一次刷新失败，以下为上次获取的结果。',
    retry: '重试',
  },
  notFound: {
    title: '页面不存在',
    subTitle: '您访问的地址没有对应的页面。',
    back: '返回工作台',
  },
  ...identityZhCN,
  ...grouperZhCN,
  ...pricingZhCN,
  ...casesZhCN,
  ...scsettingsZhCN,
  ...applicationsZhCN,
  ...todosZhCN,
  ...notifyZhCN,
  ...registryZhCN,
  ...publicationZhCN,
  ...reviewZhCN,
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every language must fill. */
export type Messages = Widen<typeof zhCN>;
