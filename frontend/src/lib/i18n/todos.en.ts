import type { Messages } from './zh-CN';

/** English 工作台 to-do lines; the keys of todos.zh-CN.ts. */
export const todosEn: Pick<Messages, 'todos'> = {
  todos: {
    title: 'My to-do list',
    empty: 'Nothing to do right now.',
    emptyHint: 'New applications, information requests and intake work will show up here.',
    generic: '{{key}}: {{count}}',
    open: 'Open',
    due: 'Due {{date}}',
    loadFailed: 'The to-do list could not be loaded',
    items: {
      applications: {
        drafts: '{{count}} draft applications to finish',
        info_requested: '{{count}} applications need more information',
        to_forward: '{{count}} applications for the office to review and submit',
        intake: '{{count}} applications in the intake queue',
        intake_overdue: '{{count}} applications past the intake service level',
        intake_mine: '{{count}} applications assigned to me',
        intake_unassigned: '{{count}} applications without a reviewer',
        quota: 'Special-case quota: {{count}} left ({{used}} of {{cap}} used, {{period}})',
        quotaOwn: 'this hospital {{own}}',
      },
      review: {
        respond: '{{count}} review invitations to answer',
        vote: '{{count}} panels waiting for your vote',
        draw: '{{count}} applications waiting for an expert panel',
        confirm: '{{count}} panel decisions to confirm',
        decided: '{{count}} panel decisions open to appeal',
      },
    },
  },
};
