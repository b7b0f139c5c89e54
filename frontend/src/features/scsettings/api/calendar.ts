import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { scsettingsKeys } from './keys';

export type CalendarYear = components['schemas']['CalendarYear'];
export type CalendarDay = components['schemas']['CalendarDay'];

/** GET /api/v1/calendar/years (list-calendar-years): the years of the user's region's calendar. */
export function useCalendarYears() {
  return useQuery({
    queryKey: scsettingsKeys.years(),
    queryFn: () => unwrap(api.GET('/api/v1/calendar/years')),
  });
}

/** GET /api/v1/calendar/years/{year} (get-calendar-year): one year with its listed days. */
export function useCalendarYear(year: number | undefined) {
  return useQuery({
    queryKey: scsettingsKeys.year(year ?? 0),
    enabled: year !== undefined,
    queryFn: () => unwrap(api.GET('/api/v1/calendar/years/{year}', { params: { path: { year: year ?? 0 } } })),
  });
}

/** PUT /api/v1/calendar/years/{year} (update-calendar-year): replaces the year's days; 409 when stale. */
export function useUpdateCalendarYear() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ year, version, entries }: { year: number; version: number; entries: CalendarDay[] }) =>
      unwrap(api.PUT('/api/v1/calendar/years/{year}', { params: { path: { year } }, body: { version, entries } })),
    onSuccess: (y) => {
      queryClient.setQueryData(scsettingsKeys.year(y.year), y);
      void queryClient.invalidateQueries({ queryKey: scsettingsKeys.years(), exact: true });
    },
    onError: (_e, v) => void queryClient.invalidateQueries({ queryKey: scsettingsKeys.year(v.year) }),
  });
}
