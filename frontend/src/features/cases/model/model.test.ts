import { describe, expect, it } from 'vitest';

import { en } from '@/lib/i18n/en';
import { zhCN } from '@/lib/i18n/zh-CN';

import { FIRST_PAGE, hasPrevious, pageNumber, popCursor, pushCursor } from './cursor-stack';
import { exportHref, filterFromSearch, filterToSearch, listHref, listQuery, normalizeFilter } from './filters';
import { addMonths, currentMonth, defaultRange, isMonth, monthSpan } from './months';
import { formatPercent, magnitude, roundDecimal } from './numbers';
import { REASONS, reasonKey } from './reasons';

describe('cursor stack', () => {
  it('goes forward with the server’s cursors and back to the first page', () => {
    let s = FIRST_PAGE;
    expect(pageNumber(s)).toBe(1);
    expect(hasPrevious(s)).toBe(false);
    s = pushCursor(s, 'c2');
    s = pushCursor(s, 'c3');
    expect(s.current).toBe('c3');
    expect(pageNumber(s)).toBe(3);
    s = popCursor(s);
    expect(s.current).toBe('c2');
    s = popCursor(s);
    expect(s.current).toBeUndefined();
    expect(pageNumber(s)).toBe(1);
    expect(popCursor(s)).toBe(s);
  });

  it('never changes the stack it was given', () => {
    const a = pushCursor(FIRST_PAGE, 'x');
    pushCursor(a, 'y');
    expect(a).toEqual({ previous: [undefined], current: 'x' });
  });
});

describe('case filters in the address', () => {
  it('reads valid filters and drops what the API would refuse', () => {
    const f = filterFromSearch(
      new URLSearchParams('month=2026-01&outlier=high&reason=high_cost&drg=es35&mdc=mdce&quality=failed&sort=cost_desc&x=1'),
    );
    expect(f).toEqual({ month: '2026-01', outlier: 'high', reason: 'high_cost', drg: 'ES35', mdc: 'MDCE', quality: 'failed', sort: 'cost_desc' });
    expect(filterFromSearch(new URLSearchParams('month=2026-13&outlier=huge&reason=nope&quality=ok&sort=name'))).toEqual({});
    expect(filterFromSearch(new URLSearchParams('reason=any&mrn=%20BA1%20'))).toEqual({ reason: 'any', mrn: 'BA1' });
  });

  it('writes filters in a stable order and leaves the default sort out', () => {
    expect(filterToSearch({ sort: 'discharged_desc', outlier: 'low', department: 'A03' }).toString()).toBe('department=A03&outlier=low');
    const round = filterFromSearch(filterToSearch({ drg: 'ES35', month: '2026-02', sort: 'ratio_desc' }));
    expect(round).toEqual({ drg: 'ES35', month: '2026-02', sort: 'ratio_desc' });
  });

  it('builds the API query with the sort, the limit and the page’s cursor', () => {
    expect(listQuery({ outlier: 'high' }, undefined, 50)).toEqual({ outlier: 'high', sort: 'discharged_desc', limit: 50 });
    expect(listQuery({ sort: 'cost_desc' }, 'abc', 20)).toEqual({ sort: 'cost_desc', limit: 20, cursor: 'abc' });
  });

  it('gives the export and list links the same filters', () => {
    expect(exportHref({})).toBe('/api/v1/case-export');
    expect(exportHref({ reason: 'icu', hospital_id: 'h1' })).toBe('/api/v1/case-export?hospital_id=h1&reason=icu');
    expect(listHref({ month: '2026-03', outlier: 'high' })).toBe('/cases?month=2026-03&outlier=high');
  });

  it('normalises a search form’s values', () => {
    expect(normalizeFilter({ department: '  ', drg: undefined, month: '2026-04', mrn: null })).toEqual({ month: '2026-04' });
  });
});

describe('reason titles', () => {
  it('has a Chinese and an English title for every reason code', () => {
    for (const r of REASONS) {
      expect(zhCN.cases.reasons[r]).toBeTruthy();
      expect(en.cases.reasons[r]).toBeTruthy();
    }
    expect(zhCN.cases.reasons.high_cost).toBe('高费用');
    expect(zhCN.cases.reasons.long_stay).toBe('超长住院');
  });

  it('knows the API’s codes and leaves others to be shown as sent', () => {
    expect(reasonKey('ventilation')).toBe('cases.reasons.ventilation');
    expect(reasonKey('future_reason')).toBeUndefined();
  });
});

describe('months', () => {
  it('counts and moves months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 13)).toBe('2027-01');
    expect(monthSpan('2025-02', '2026-01')).toBe(12);
    expect(monthSpan('2026-02', '2026-01')).toBe(0);
  });

  it('defaults to the 12 months ending with the current month in Shanghai', () => {
    // 2026-01-31 20:00 UTC is already February in Shanghai.
    const now = new Date('2026-01-31T20:00:00Z');
    expect(currentMonth(now)).toBe('2026-02');
    expect(defaultRange(now)).toEqual({ from: '2025-03', to: '2026-02' });
  });

  it('recognises months', () => {
    expect(isMonth('2026-12')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
  });
});

describe('numbers', () => {
  it('rounds decimal strings without floats', () => {
    expect(roundDecimal('22.83285', 4)).toBe('22.8329');
    expect(roundDecimal('0.3754', 2)).toBe('0.38');
    expect(roundDecimal('9.9999', 2)).toBe('10.00');
    expect(roundDecimal('3', 2)).toBe('3.00');
    expect(roundDecimal('-0.001', 2)).toBe('0.00');
    expect(roundDecimal(null, 2)).toBe('—');
  });

  it('writes rates as percentages', () => {
    expect(formatPercent('0.9667')).toBe('96.67%');
    expect(formatPercent('1')).toBe('100.00%');
    expect(formatPercent('0.05')).toBe('5.00%');
    expect(formatPercent('0.12345')).toBe('12.35%');
    expect(formatPercent('')).toBe('—');
  });

  it('measures bars, treating absent and negative values as nothing', () => {
    expect(magnitude('12.5')).toBe(12.5);
    expect(magnitude('-1')).toBe(0);
    expect(magnitude(undefined)).toBe(0);
  });
});
