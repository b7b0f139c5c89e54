/** Simplified Chinese for notifications; notify.en.ts has the same keys. */
export const notifyZhCN = {
  notify: {
    title: '通知中心',
    intro: '系统发给您的通知：申请的进展、待办提醒等。点击通知可打开相关页面。',
    bell: '通知',
    bellUnread: '通知（{{count}} 条未读）',
    latest: '最新通知',
    empty: '暂无通知',
    emptyUnread: '没有未读通知',
    markAllRead: '全部已读',
    markRead: '标为已读',
    markedAll: '已全部标为已读',
    viewAll: '查看全部',
    all: '全部',
    unreadOnly: '未读',
    unread: '未读',
    loadMore: '加载更多',
    loadFailed: '通知加载失败',
    open: '打开',
    settings: {
      title: '邮件通知',
      intro: '填写邮箱并开启后，每条通知也会发送到您的邮箱。',
      email: '邮箱地址',
      emailPlaceholder: 'name@example.cn',
      enabled: '通过邮件接收通知',
      save: '保存设置',
      saved: '邮件通知设置已保存',
      stale: '设置已在其他地方修改，已为您重新加载，请再次确认。',
      mailOff: '本系统尚未配置邮件服务器，通知暂时只在系统内显示；您的设置会保留。',
      emailInvalid: '请输入有效的邮箱地址',
      emailRequired: '开启邮件通知需要填写邮箱地址',
    },
    // Texts by kind; {{param}} placeholders come from the notification's params.
    kind: {
      welcome: {
        title: '欢迎使用特例单议系统',
        body: '这是演示环境。通知会出现在这里；在通知中心可填写邮箱，开启邮件通知。',
      },
    },
  },
};
