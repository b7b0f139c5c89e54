import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { notifyKeys } from './keys';

export type NotificationSettings = components['schemas']['NotificationSettings'];

/** GET /api/v1/me/notification-settings (get-notification-settings). */
export function useNotificationSettings() {
  return useQuery({
    queryKey: notifyKeys.settings(),
    queryFn: () => unwrap(api.GET('/api/v1/me/notification-settings', {})),
  });
}

/** PUT /api/v1/me/notification-settings (update-notification-settings): 409 when `version` is stale. */
export function useUpdateNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { version: number; email: string; email_enabled: boolean }) =>
      unwrap(api.PUT('/api/v1/me/notification-settings', { body })),
    onSuccess: (s) => queryClient.setQueryData(notifyKeys.settings(), s),
  });
}
