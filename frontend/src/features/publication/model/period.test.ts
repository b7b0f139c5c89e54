import { describe, expect, it } from 'vitest';

import { defaultPeriod, parsePeriod, periodOf, previousPeriod, recentPeriods } from './period';

describe('publication periods', () => {
  it('reads only 2026H1 and 2026H2', () => {
    expect(parsePeriod('2026H1')).toEqual({ year: 2026, half: 1 });
    expect(parsePeriod('2026H2')).toEqual({ year: 2026, half: 2 });
    for (const bad of ['2026H3', '2026h1', '26H1', '', '2026H1 ']) expect(parsePeriod(bad)).toBeNull();
  });
  it('counts half-years in Beijing time', () => {
    // 2026-06-30 16:30 UTC is already 1 July in Beijing
    expect(periodOf(new Date('2026-06-30T15:59:59Z'))).toBe('2026H1');
    expect(periodOf(new Date('2026-06-30T16:00:00Z'))).toBe('2026H2');
    expect(previousPeriod('2026H1')).toBe('2025H2');
    expect(defaultPeriod(new Date('2026-12-02T00:00:00Z'))).toBe('2026H1');
    expect(defaultPeriod(new Date('2027-01-05T00:00:00Z'))).toBe('2026H2');
    expect(recentPeriods(new Date('2026-12-02T00:00:00Z'), 4)).toEqual(['2026H2', '2026H1', '2025H2', '2025H1']);
  });
});
