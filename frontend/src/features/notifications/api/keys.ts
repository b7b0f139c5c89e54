/** react-query keys of the notifications feature. */
export const notifyKeys = {
  all: () => ['notifications'] as const,
  count: () => [...notifyKeys.all(), 'count'] as const,
  lists: () => [...notifyKeys.all(), 'list'] as const,
  list: (filter: { unread: boolean; limit: number }) => [...notifyKeys.lists(), filter] as const,
  settings: () => ['notification-settings'] as const,
};

/** How often the bell asks for the unread count. */
export const COUNT_POLL_MS = 30_000;
