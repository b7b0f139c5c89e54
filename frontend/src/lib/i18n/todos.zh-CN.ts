/**
 * 工作台 to-do lines, by the key the server sends (get-todos). Each
 * capability adds its keys here and in todos.en.ts; an unknown key gets the
 * generic line.
 */
export const todosZhCN = {
  todos: {
    title: '我的待办',
    empty: '暂无待办事项。',
    emptyHint: '新的申请、补充材料请求和受理任务会出现在这里。',
    generic: '{{key}}：{{count}} 项',
    open: '打开',
    due: '截止 {{date}}',
    loadFailed: '无法加载待办',
    items: {
      applications: {
        drafts: '{{count}} 份申请草稿待完成',
        info_requested: '{{count}} 份申请待补充材料',
        to_forward: '{{count}} 份申请待医保办审核转报',
        intake: '受理队列中有 {{count}} 份申请',
        intake_overdue: '{{count}} 份申请已超过受理时限',
        intake_mine: '{{count}} 份申请分配给我受理',
        intake_unassigned: '{{count}} 份申请尚未分配审核员',
        quota: '特例单议额度剩余 {{count}}（已用 {{used}} / 上限 {{cap}}，{{period}}）',
        quotaOwn: '本院已用 {{own}}',
      },
      review: {
        respond: '{{count}} 个评审邀请待答复',
        vote: '{{count}} 个评审组待您投票',
        draw: '{{count}} 份申请待抽取评审专家',
        confirm: '{{count}} 项评审决定待确认',
        decided: '{{count}} 项评审决定可申诉',
      },
    },
  },
} as const;
