import { Card } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

import { type GridCell, type ListedDay, monthGrid } from '../model/calendar-grid';

const WEEKDAYS = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'] as const;

const base: CSSProperties = {
  display: 'flex',
  flexDirection: 'column',
  alignItems: 'center',
  justifyContent: 'center',
  height: 34,
  borderRadius: 4,
  border: '1px solid transparent',
  fontSize: 13,
  lineHeight: 1.1,
  padding: 0,
  width: '100%',
  background: 'transparent',
};

function cellStyle(c: GridCell): CSSProperties {
  if (c.kind === 'holiday') return { ...base, background: '#fff1f0', borderColor: '#ffa39e', color: '#cf1322' };
  if (c.kind === 'workday') return { ...base, background: '#fff7e6', borderColor: '#ffd591', color: '#d46b08' };
  if (c.weekend) return { ...base, color: 'rgba(0,0,0,0.35)' };
  return base;
}

/** One month of the calendar; with onPick each day is a button that opens the day's editor. */
export function MonthCard({
  year,
  month,
  entries,
  onPick,
}: {
  year: number;
  month: number;
  entries: readonly ListedDay[];
  onPick?: (date: string) => void;
}) {
  const { t } = useTranslation();
  const weeks = monthGrid(year, month, entries);
  const label = (c: GridCell) => {
    if (c.kind === 'holiday') return t('calendar.cell.holiday', { date: c.date, name: c.name ?? '' });
    if (c.kind === 'workday') return t('calendar.cell.workday', { date: c.date, name: c.name ?? '' });
    return t(c.weekend ? 'calendar.cell.weekend' : 'calendar.cell.ordinary', { date: c.date });
  };
  const mark = (c: GridCell) =>
    c.kind === 'holiday' ? t('calendar.legend.holiday') : c.kind === 'workday' ? t('calendar.legend.workday') : '\u00a0';
  return (
    <Card size="small" title={t('calendar.month', { month })} data-testid={`month-${month}`}>
      <div role="grid" aria-label={`${year}-${String(month).padStart(2, '0')}`} style={{ display: 'grid', gap: 2 }}>
        <div role="row" style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
          {WEEKDAYS.map((d) => (
            <div
              role="columnheader"
              key={d}
              style={{ textAlign: 'center', fontSize: 12, color: 'rgba(0,0,0,0.45)' }}
            >
              {t(`calendar.weekdays.${d}`)}
            </div>
          ))}
        </div>
        {weeks.map((week, i) => (
          <div role="row" key={i} style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
            {week.map((c, j) =>
              c === null ? (
                <div role="gridcell" key={j} />
              ) : (
                <div role="gridcell" key={c.date}>
                  {onPick ? (
                    <button
                      type="button"
                      data-date={c.date}
                      data-kind={c.kind ?? ''}
                      aria-label={label(c)}
                      title={label(c)}
                      style={{ ...cellStyle(c), cursor: 'pointer' }}
                      onClick={() => onPick(c.date)}
                    >
                      <span>{c.day}</span>
                      <span style={{ fontSize: 10 }}>{mark(c)}</span>
                    </button>
                  ) : (
                    <div data-date={c.date} data-kind={c.kind ?? ''} aria-label={label(c)} title={label(c)} style={cellStyle(c)}>
                      <span>{c.day}</span>
                      <span style={{ fontSize: 10 }}>{mark(c)}</span>
                    </div>
                  )}
                </div>
              ),
            )}
          </div>
        ))}
      </div>
    </Card>
  );
}
