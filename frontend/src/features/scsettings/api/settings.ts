import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { scsettingsKeys } from './keys';

export type SettingsOverview = components['schemas']['ScsOverview'];
export type SettingsVersion = components['schemas']['ScsVersion'];
export type SettingsUpdate = Omit<components['schemas']['ScsUpdateInputBody'], '$schema'>;

/** GET /api/v1/specialcase/settings (get-specialcase-settings): in force today and every version. */
export function useSpecialCaseSettings() {
  return useQuery({
    queryKey: scsettingsKeys.settings(),
    queryFn: () => unwrap(api.GET('/api/v1/specialcase/settings')),
  });
}

/** PUT /api/v1/specialcase/settings (update-specialcase-settings): a new version; 409 when stale, 422 with field errors. */
export function useUpdateSpecialCaseSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SettingsUpdate) => unwrap(api.PUT('/api/v1/specialcase/settings', { body })),
    onSuccess: (o) => queryClient.setQueryData(scsettingsKeys.settings(), o),
    onError: () => void queryClient.invalidateQueries({ queryKey: scsettingsKeys.settings() }),
  });
}
