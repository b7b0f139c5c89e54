import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import i18n from '@/lib/i18n';
import { toProblem } from '@/lib/problem';

import { transitionButtons } from './commands';
import { isAmount, listKind, parseCodes, toQuery } from './filters';
import { readGauge } from './gauge';
import { commandStyle, reasonListOf, statusColor, useApplicationLabels } from './labels';
import { workflowProblem } from './problems';

describe('the quota gauge', () => {
  it('warns from 80 % and is full at 100 %', () => {
    expect(readGauge({ cap: 10, used: 7 })).toEqual({ level: 'ok', percent: 70 });
    expect(readGauge({ cap: 10, used: 8 })).toEqual({ level: 'warn', percent: 80 });
    expect(readGauge({ cap: 10, used: 10 })).toEqual({ level: 'full', percent: 100 });
    expect(readGauge({ cap: 10, used: 12 })).toEqual({ level: 'full', percent: 100 });
  });
  it("follows the server's flags and reads a cap of 0 as none", () => {
    expect(readGauge({ cap: 100, used: 50, warn: true }).level).toBe('warn');
    expect(readGauge({ cap: 100, used: 50, full: true }).level).toBe('full');
    expect(readGauge({ cap: 0, used: 0 }).level).toBe('none');
    expect(readGauge({ cap: 0, used: 0, full: true }).level).toBe('full');
  });
});

describe('labels and reasons', () => {
  it('maps commands to their reason lists', () => {
    expect(reasonListOf('request_info')).toBe('info');
    expect(reasonListOf('reject_at_intake')).toBe('reject');
    expect(reasonListOf('return_to_clinician')).toBe('return');
    expect(reasonListOf('accept')).toBeUndefined();
  });
  it('renders reason templates, types and states in the user language, unknown codes as they are', async () => {
    const { result, rerender } = renderHook(() => useApplicationLabels());
    expect(result.current.reason('incomplete', 'reject')).toBe('材料不全');
    expect(result.current.reason('missing_records')).toBe('缺少病历材料');
    expect(result.current.type('GROUPING_DISPUTE')).toBe('分组争议');
    expect(result.current.status('RETURNED_FOR_INFO')).toBe('待补充材料');
    expect(result.current.command('forward')).toBe('提交医保局');
    expect(result.current.status('FUTURE_STATE')).toBe('FUTURE_STATE');
    expect(result.current.reason('no_such_reason', 'info')).toBe('no_such_reason');
    await i18n.changeLanguage('en');
    rerender();
    expect(result.current.reason('not_eligible', 'reject')).toBe('Not eligible for special-case review');
    expect(result.current.kind('front_page')).toBe('Front page');
  });
  it('colours states by meaning and styles the buttons', () => {
    expect(statusColor('DRAFT')).toBe('default');
    expect(statusColor('SUBMITTED')).toBe('blue');
    expect(statusColor('RETURNED_FOR_INFO')).toBe('orange');
    expect(statusColor('ACCEPTED')).toBe('green');
    expect(statusColor('REJECTED_AT_INTAKE')).toBe('red');
    expect(commandStyle('withdraw')).toBe('danger');
    expect(commandStyle('forward')).toBe('primary');
  });
  it("shows exactly the server's transitions, in a stable order, and none of edit/assign", () => {
    expect(transitionButtons(['withdraw', 'edit', 'forward', 'return_to_clinician'])).toEqual(['forward', 'return_to_clinician', 'withdraw']);
    expect(transitionButtons(['assign', 'start_review'])).toEqual([]);
    expect(transitionButtons(null)).toEqual([]);
  });
});

describe('workflow problems', () => {
  const res = (status: number) => ({ status, statusText: '' });
  it('reads quota, window and stale refusals with their members', () => {
    const quota = toProblem({ title: 'Conflict', status: 409, code: 'quota-exhausted', cap: 10, used: 10, period: '2026Q1' }, res(409));
    expect(workflowProblem(quota)).toEqual({ key: 'quota', params: { cap: '10', used: '10', period: '2026Q1' }, reload: false });
    const win = toProblem({ title: 'Unprocessable', status: 422, code: 'window-closed', opens: '2026-04-01' }, res(422));
    expect(workflowProblem(win)?.key).toBe('windowOpens');
    expect(workflowProblem(win)?.params.opens).toBe('2026-04-01');
    const stale = toProblem({ title: 'Conflict', status: 409, code: 'stale-version' }, res(409));
    expect(workflowProblem(stale)?.reload).toBe(true);
  });
  it('reads 413 and 415 uploads and leaves others to the server text', () => {
    expect(workflowProblem(toProblem({ title: 'Too large', status: 413 }, res(413)))?.key).toBe('tooLarge');
    expect(workflowProblem(toProblem({ title: 'Unsupported', status: 415 }, res(415)))?.key).toBe('badType');
    expect(workflowProblem(toProblem({ title: 'Unprocessable', status: 422 }, res(422)))).toBeUndefined();
  });
});

describe('list filters and inputs', () => {
  it('keeps valid filters and drops what the API would refuse', () => {
    expect(toQuery({ status: 'SUBMITTED,BOGUS', sort: 'age', overdue: 'true', queue: 'x', type: 'HIGH_COST' })).toEqual({
      status: 'SUBMITTED',
      sort: 'age',
      overdue: true,
      type: 'HIGH_COST',
    });
    expect(listKind({ status: 'SUBMITTED' })).toBe('intake');
    expect(listKind({ queue: 'mine' })).toBe('mine');
  });
  it('parses proposed codes and amounts', () => {
    expect(parseCodes(' i21.0, i10\nI21.0；k35 ')).toEqual(['I21.0', 'I10', 'K35']);
    expect(isAmount('12345.60')).toBe(true);
    expect(isAmount('')).toBe(true);
    expect(isAmount('1.234')).toBe(false);
    expect(isAmount('-5')).toBe(false);
  });
});
