import { useQuery } from '@tanstack/react-query';

import type { operations } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** One to-do: a key (`applications.intake`), a count, a link to the filtered list, a severity, maybe a due date and values. */
export type TodoItem = NonNullable<Json<operations['get-todos']['responses'][200]>['items']>[number];

/** GET /api/v1/todos (get-todos): the caller's to-do items, most urgent first. */
export function useTodos() {
  return useQuery({
    queryKey: ['todos'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/todos'))).items ?? [],
    refetchInterval: 60_000,
  });
}
