import type { notifyZhCN } from './notify.zh-CN';

/** English for notifications. */
export const notifyEn: typeof notifyZhCN = {
  notify: {
    title: 'Notifications',
    intro: 'What Teyi tells you: progress of applications, reminders of to-dos. Click a notification to open its page.',
    bell: 'Notifications',
    bellUnread: 'Notifications ({{count}} unread)',
    latest: 'Latest notifications',
    empty: 'No notifications',
    emptyUnread: 'No unread notifications',
    markAllRead: 'Mark all read',
    markRead: 'Mark read',
    markedAll: 'All notifications marked read',
    viewAll: 'View all',
    all: 'All',
    unreadOnly: 'Unread',
    unread: 'Unread',
    loadMore: 'Load more',
    loadFailed: 'Notifications could not be loaded',
    open: 'Open',
    settings: {
      title: 'E-mail notifications',
      intro: 'With an address and e-mail turned on, every notification is also sent to your mailbox.',
      email: 'E-mail address',
      emailPlaceholder: 'name@example.org',
      enabled: 'Send my notifications by e-mail',
      save: 'Save settings',
      saved: 'E-mail notification settings saved',
      stale: 'The settings were changed elsewhere and have been reloaded; please check them again.',
      mailOff: 'This server has no mail server configured yet: notifications appear in Teyi only. Your settings are kept.',
      emailInvalid: 'Enter a valid e-mail address',
      emailRequired: 'Receiving e-mail needs an address',
    },
    kind: {
      welcome: {
        title: 'Welcome to Teyi',
        body: 'This is the demo. Notifications appear here; in the notification centre you can enter an e-mail address and turn on e-mail.',
      },
    },
  },
};
