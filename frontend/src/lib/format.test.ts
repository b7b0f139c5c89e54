import { describe, expect, it } from 'vitest';

import { EMPTY, formatDate, formatDateTime, formatMoney } from './format';

describe('formatMoney', () => {
  it.each([
    ['12345.67', '¥12,345.67'],
    ['0', '¥0.00'],
    ['0.5', '¥0.50'],
    ['7', '¥7.00'],
    ['1000', '¥1,000.00'],
    ['999999999999.99', '¥999,999,999,999.99'],
    ['-12345.67', '-¥12,345.67'],
    ['+3.1', '¥3.10'],
    ['00012.30', '¥12.30'],
    ['12.3456', '¥12.35'],
  ])('writes %s as %s', (input, expected) => {
    expect(formatMoney(input)).toBe(expected);
  });

  it('keeps every digit of amounts a float could not hold', () => {
    expect(formatMoney('90071992547409931.11')).toBe('¥90,071,992,547,409,931.11');
  });

  it('rounds half away from zero at the third decimal, carrying through the digits', () => {
    expect(formatMoney('0.005')).toBe('¥0.01');
    expect(formatMoney('0.004')).toBe('¥0.00');
    expect(formatMoney('1.005')).toBe('¥1.01'); // 1.005 is 1.00499… as a float
    expect(formatMoney('999.995')).toBe('¥1,000.00');
    expect(formatMoney('-2.675')).toBe('-¥2.68');
  });

  it('never writes a negative zero', () => {
    expect(formatMoney('-0.00')).toBe('¥0.00');
    expect(formatMoney('-0.001')).toBe('¥0.00');
  });

  it('reads absent amounts as a dash', () => {
    expect(formatMoney(null)).toBe(EMPTY);
    expect(formatMoney(undefined)).toBe(EMPTY);
    expect(formatMoney('')).toBe(EMPTY);
  });

  it('refuses anything that is not a decimal string', () => {
    for (const bad of ['abc', '1e5', '1,000.00', '¥5', 'NaN', '1.2.3', '--1']) {
      expect(() => formatMoney(bad)).toThrow(TypeError);
    }
  });
});

describe('formatDate', () => {
  it('gives the calendar date in Asia/Shanghai, not UTC', () => {
    // 16:30 UTC on 31 December is already New Year's Day in Shanghai.
    expect(formatDate('2024-12-31T16:30:00Z')).toBe('2025-01-01');
    expect(formatDate('2024-12-31T15:59:59Z')).toBe('2024-12-31');
    expect(formatDate(new Date(Date.UTC(2024, 1, 29, 12)))).toBe('2024-02-29');
    expect(formatDate('2024-03-01T08:00:00+08:00')).toBe('2024-03-01');
  });

  it('keeps a date-only value as the calendar date it is', () => {
    expect(formatDate('2024-03-01')).toBe('2024-03-01');
  });

  it('reads absent dates as a dash and refuses garbage', () => {
    expect(formatDate(null)).toBe(EMPTY);
    expect(formatDate(undefined)).toBe(EMPTY);
    expect(() => formatDate('not a date')).toThrow(TypeError);
  });
});

describe('formatDateTime', () => {
  it('writes YYYY-MM-DD HH:mm on the 24-hour clock in Asia/Shanghai', () => {
    expect(formatDateTime('2024-12-31T16:30:00Z')).toBe('2025-01-01 00:30');
    expect(formatDateTime('2024-06-01T05:07:00Z')).toBe('2024-06-01 13:07');
    expect(formatDateTime('2024-06-01T05:07:09.5Z', { seconds: true })).toBe('2024-06-01 13:07:09');
    expect(formatDateTime('2024-06-30T16:00:00Z', { seconds: true })).toBe('2024-07-01 00:00:00');
    expect(formatDateTime(null)).toBe(EMPTY);
  });
});
