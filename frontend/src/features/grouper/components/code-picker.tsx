import { ArrowUpOutlined } from '@ant-design/icons';
import { useQueries, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { Button, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { searchCodes } from '../api/search-codes';
import type { CodeHit, CodeKind } from '../api/types';

/** How long the picker waits after the last keystroke before it searches. */
export const SEARCH_DEBOUNCE_MS = 200;

const codeKey = (kind: CodeKind, plan: string | undefined, code: string) =>
  ['grouper', 'code', kind, plan ?? '', code] as const;

/** Remembers what a search found, so a picked code shows its name without asking again. */
function remember(client: QueryClient, kind: CodeKind, plan: string | undefined, hits: readonly CodeHit[]) {
  for (const h of hits) client.setQueryData(codeKey(kind, plan, h.code), h);
}

/**
 * The dictionary entries of the picked codes: from earlier searches, else
 * looked up by code (codes that came from an example or were typed in full).
 * A code the dictionary does not know resolves to null and is shown as typed.
 */
function useCodeEntries(kind: CodeKind, plan: string | undefined, codes: readonly string[]) {
  const results = useQueries({
    queries: codes.map((code) => ({
      queryKey: codeKey(kind, plan, code),
      queryFn: async ({ signal }: { signal: AbortSignal }): Promise<CodeHit | null> => {
        const hits = await searchCodes(code, kind, { plan, limit: 5, signal });
        return hits.find((h) => h.code === code) ?? null;
      },
      staleTime: Infinity,
      retry: false,
    })),
  });
  const out = new Map<string, CodeHit>();
  results.forEach((r, i) => {
    const code = codes[i];
    if (r.data && code !== undefined) out.set(code, r.data);
  });
  return out;
}

interface Props {
  kind: CodeKind;
  plan?: string;
  value?: string[];
  onChange?: (codes: string[]) => void;
  id?: string;
  testId: string;
  autoFocus?: boolean;
  status?: 'error' | 'warning';
}

/**
 * Picks codes in order by remote search (code prefix or Chinese name); the
 * first is the principal one and is marked so. ↑ moves a code to the front,
 * × removes it. A code typed in full and confirmed with Enter is kept even if
 * the dictionary does not know it, so the grouper can say what is wrong.
 */
export function CodePicker({ kind, plan, value = [], onChange, id, testId, autoFocus, status }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<CodeHit[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const inflight = useRef<AbortController>(undefined);
  const entries = useCodeEntries(kind, plan, value);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      inflight.current?.abort();
    },
    [],
  );

  const onSearch = (text: string) => {
    setQuery(text);
    clearTimeout(timer.current);
    inflight.current?.abort();
    const q = text.trim();
    if (q === '') {
      setHits([]);
      setLoading(false);
      return;
    }
    setLoading(true);
    timer.current = setTimeout(() => {
      const ctl = new AbortController();
      inflight.current = ctl;
      searchCodes(q.slice(0, 40), kind, { plan, signal: ctl.signal })
        .then((found) => {
          if (ctl.signal.aborted) return;
          remember(client, kind, plan, found);
          setHits(found);
          setLoading(false);
        })
        .catch(() => {
          if (ctl.signal.aborted) return;
          setHits([]);
          setLoading(false);
        });
    }, SEARCH_DEBOUNCE_MS);
  };

  const change = (codes: string[]) => {
    const trimmed = codes.map((c) => c.trim()).filter((c, i, all) => c !== '' && all.indexOf(c) === i);
    onChange?.(trimmed);
    setQuery('');
    setHits([]);
  };

  const toFront = (code: string) => change([code, ...value.filter((c) => c !== code)]);

  const principal = kind === 'diagnosis' ? t('grouper.principalDx') : t('grouper.principalPx');
  const orTag = (hit: CodeHit | undefined) =>
    kind === 'procedure' && hit?.valid_operation ? (
      <Tag color="purple" bordered={false} style={{ marginInline: 4 }}>
        {t('grouper.orProcedure')}
      </Tag>
    ) : null;

  return (
    <Select
      id={id}
      data-testid={testId}
      mode="tags"
      autoFocus={autoFocus}
      status={status}
      value={value}
      onChange={change}
      onSearch={onSearch}
      searchValue={query}
      filterOption={false}
      placeholder={t('grouper.searchCode')}
      tokenSeparators={[',', '，', ' ', '|', ';', '；']}
      maxCount={50}
      notFoundContent={
        loading ? (
          <Space>
            <Spin size="small" /> {t('grouper.searching')}
          </Space>
        ) : query.trim() === '' ? (
          t('grouper.typeToSearch')
        ) : (
          t('grouper.noCodes')
        )
      }
      tagRender={({ value: raw, closable, onClose }) => {
        const code = String(raw);
        const idx = value.indexOf(code);
        const entry = entries.get(code);
        return (
          <Tag
            closable={closable}
            onClose={onClose}
            color={idx === 0 ? 'blue' : undefined}
            style={{ marginInlineEnd: 4, marginBlock: 2, whiteSpace: 'normal' }}
            data-testid={`${testId}-tag`}
            onMouseDown={(e) => e.stopPropagation()}
          >
            {idx === 0 ? (
              <Typography.Text strong style={{ color: 'inherit' }}>
                {principal}{' '}
              </Typography.Text>
            ) : (
              <Tooltip title={t('grouper.makePrincipal')}>
                <Button
                  type="text"
                  size="small"
                  icon={<ArrowUpOutlined />}
                  aria-label={`${t('grouper.makePrincipal')} ${code}`}
                  onClick={() => toFront(code)}
                  style={{ height: 18, width: 18, minWidth: 18, marginInlineEnd: 2 }}
                />
              </Tooltip>
            )}
            <span className="tabular-nums">{code}</span>
            {entry && <span> {entry.name}</span>}
            {orTag(entry)}
          </Tag>
        );
      }}
      options={hits.map((h) => ({
        value: h.code,
        label: (
          <span>
            <Typography.Text code>{h.code}</Typography.Text> {h.name}
            {orTag(h)}
          </span>
        ),
        title: `${h.code} ${h.name}`,
      }))}
    />
  );
}
