import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A list's filters, kept in the address (`?q=…&state=…`) so the filtered list
 * can be bookmarked, shared and reopened with the back button. Empty values
 * are left out.
 */
export function useUrlFilters<K extends string>(names: readonly K[]) {
  const [search, setSearch] = useSearchParams();
  const key = names.join(',');
  const filters = useMemo(() => {
    const out = {} as Partial<Record<K, string>>;
    for (const name of key.split(',') as K[]) {
      const value = search.get(name);
      if (value !== null && value !== '') out[name] = value;
    }
    return out;
  }, [search, key]);

  const setFilters = useCallback(
    (values: Partial<Record<K, string | undefined | null>>) => {
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const name of key.split(',')) next.delete(name);
          for (const [name, value] of Object.entries(values) as [string, string | undefined | null][]) {
            if (value !== undefined && value !== null && String(value).trim() !== '') next.set(name, String(value).trim());
          }
          return next;
        },
        { replace: true },
      );
    },
    [setSearch, key],
  );

  return [filters, setFilters] as const;
}
