import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { COUNT_POLL_MS, notifyKeys } from './keys';

export type Notification = components['schemas']['Notification'];
export type NotificationPage = components['schemas']['NotificationPage'];

/** GET /api/v1/notifications/count (get-notification-count): polled every 30 s and on window focus. */
export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: notifyKeys.count(),
    queryFn: async () => (await unwrap(api.GET('/api/v1/notifications/count', {}))).unread,
    enabled,
    refetchInterval: COUNT_POLL_MS,
    refetchOnWindowFocus: true,
  });
}

/** GET /api/v1/notifications (list-notifications): the newest `limit`, for the bell. */
export function useLatestNotifications(limit: number, enabled: boolean) {
  return useQuery({
    queryKey: notifyKeys.list({ unread: false, limit }),
    queryFn: async () => (await unwrap(api.GET('/api/v1/notifications', { params: { query: { limit } } }))).items ?? [],
    enabled,
  });
}

/** GET /api/v1/notifications page by page (the notification centre). */
export function useNotificationPages(unread: boolean, limit = 20) {
  return useInfiniteQuery({
    queryKey: notifyKeys.list({ unread, limit }),
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/notifications', {
          params: { query: { unread: unread || undefined, after: pageParam || undefined, limit } },
        }),
      ),
    getNextPageParam: (last) => (last.next ? last.next : undefined),
  });
}

/** POST /api/v1/notifications/read (mark-notifications-read): some ids, or all. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (what: { ids: string[] } | { all: true }) =>
      unwrap(api.POST('/api/v1/notifications/read', { body: what })),
    onSuccess: (res) => queryClient.setQueryData(notifyKeys.count(), res.unread),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: notifyKeys.lists() }),
  });
}
