import { describe, expect, it } from 'vitest';

import { isWeekendDate, monthGrid, withDay } from './calendar-grid';
import { fromPercent, nestedFieldErrors, rateLabel, toPercent } from './form';

describe('monthGrid', () => {
  const spring = [
    { date: '2026-02-14', kind: 'workday', name: '春节' },
    { date: '2026-02-15', kind: 'holiday', name: '春节' },
    { date: '2026-02-23', kind: 'holiday', name: '春节' },
    { date: '2026-02-28', kind: 'workday', name: '春节' },
  ];

  it('lays out February 2026 from Monday with the Spring Festival marked', () => {
    const weeks = monthGrid(2026, 2, spring);
    // 1 February 2026 is a Sunday: six blanks, then the 1st
    expect(weeks[0]?.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(weeks[0]?.[6]).toMatchObject({ date: '2026-02-01', weekend: true, working: false });
    const cells = weeks.flat().filter((c) => c !== null);
    expect(cells).toHaveLength(28);
    expect(cells.find((c) => c.date === '2026-02-14')).toMatchObject({ kind: 'workday', weekend: true, working: true, name: '春节' });
    expect(cells.find((c) => c.date === '2026-02-23')).toMatchObject({ kind: 'holiday', weekend: false, working: false });
    expect(cells.find((c) => c.date === '2026-02-24')).toMatchObject({ kind: undefined, working: true });
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it('lays out October 2026 (starts on a Thursday, 31 days)', () => {
    const weeks = monthGrid(2026, 10, [{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }]);
    expect(weeks[0]?.[3]).toMatchObject({ date: '2026-10-01', kind: 'holiday', working: false });
    expect(weeks.flat().filter((c) => c !== null)).toHaveLength(31);
  });

  it('ignores unknown kinds', () => {
    const cells = monthGrid(2026, 10, [{ date: '2026-10-05', kind: 'rest', name: 'x' }]).flat();
    expect(cells.find((c) => c?.date === '2026-10-05')).toMatchObject({ kind: undefined, working: true });
  });
});

describe('withDay', () => {
  const days = [
    { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
    { date: '2026-10-10', kind: 'workday', name: '国庆节' },
  ];
  it('adds in date order, replaces and removes a day', () => {
    expect(withDay(days, '2026-10-05', 'holiday', ' 国庆节 ').map((d) => d.date)).toEqual(['2026-10-01', '2026-10-05', '2026-10-10']);
    expect(withDay(days, '2026-10-10', 'holiday', '假日')[1]).toEqual({ date: '2026-10-10', kind: 'holiday', name: '假日' });
    expect(withDay(days, '2026-10-01', undefined, '')).toEqual([days[1]]);
  });
  it('knows weekends', () => {
    expect(isWeekendDate('2026-10-10')).toBe(true);
    expect(isWeekendDate('2026-10-09')).toBe(false);
  });
});

describe('percentages', () => {
  it('reads fractions as percentages', () => {
    expect(toPercent('0.20')).toBe(20);
    expect(toPercent('0.8')).toBe(80);
    expect(toPercent('0.005')).toBe(0.5);
    expect(toPercent('x')).toBeUndefined();
    expect(toPercent('')).toBeUndefined();
  });
  it('writes percentages as exact fractions', () => {
    expect(fromPercent(20)).toBe('0.2');
    expect(fromPercent(80)).toBe('0.8');
    expect(fromPercent(100)).toBe('1');
    expect(fromPercent(0)).toBe('0');
    expect(fromPercent(12.5)).toBe('0.125');
    expect(fromPercent(29)).toBe('0.29');
    expect(fromPercent(0.5)).toBe('0.005');
    expect(fromPercent(7)).toBe('0.07');
    expect(fromPercent(null)).toBe('');
  });
  it('labels rates', () => {
    expect(rateLabel('0.05')).toBe('5 %');
    expect(rateLabel('0.005')).toBe('0.5 %');
  });
});

describe('nestedFieldErrors', () => {
  it('puts the server field errors on nested form fields', () => {
    const out = nestedFieldErrors(
      {
        title: 'Unprocessable Entity',
        status: 422,
        errors: [
          { location: 'body.quota.rate', message: 'bad rate' },
          { location: 'body.window.workdays', message: 'too long' },
          { location: 'body.other', message: 'something else' },
        ],
      },
      new Set(['quota.rate', 'window.workdays']),
    );
    expect(out.fields).toEqual([
      { name: ['quota', 'rate'], errors: ['bad rate'] },
      { name: ['window', 'workdays'], errors: ['too long'] },
    ]);
    expect(out.rest).toEqual(['something else']);
  });
});
