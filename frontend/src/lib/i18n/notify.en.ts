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
      specialcase: {
        send_to_office: { title: 'An application awaits the insurance office', body: 'Application {{no}} was sent to the office for review.' },
        return_to_clinician: { title: 'The office returned an application', body: 'Application {{no}} came back to you for changes.' },
        forward: { title: 'A new special-case application', body: 'Application {{no}} was submitted to the bureau.' },
        request_info: { title: 'Information is requested', body: 'The bureau asks for more material on application {{no}}.' },
        reply: { title: 'Information was supplied', body: 'The hospital answered the request on application {{no}}.' },
        accept: { title: 'Application accepted', body: 'Application {{no}} was accepted for expert review.' },
        reject_at_intake: { title: 'Application not accepted', body: 'Application {{no}} was refused at intake.' },
        withdraw: { title: 'Application withdrawn', body: 'Application {{no}} was withdrawn.' },
        assign: { title: 'An application was assigned to you', body: 'Application {{no}} is yours to take in.' },
        escalate: { title: 'An application is overdue', body: 'Application {{no}} passed its deadline.' },
        info_reminder: { title: 'Requested information is due soon', body: 'The material for application {{no}} is due in two working days.' },
        message: { title: 'New message on an application', body: 'There is a new message on application {{no}}.' },
      },
      registry: {
        expiring: { title: 'A registration expires soon', body: '{{name}} ({{code}}) expires on {{valid_to}}, in {{days}} days.' },
      },
      publication: {
        published: { title: 'Special-case publication published', body: 'The special-case publication of {{period}} (version {{version}}) is published.' },
      },
      welcome: {
        title: 'Welcome to Teyi',
        body: 'This is the demo. Notifications appear here; in the notification centre you can enter an e-mail address and turn on e-mail.',
      },
    },
  },
};
