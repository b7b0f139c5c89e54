import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import i18n from '@/lib/i18n';

import type { Expert, PanelSummary } from '../api/types';

import { drawAction, isPast } from './board';
import { exclusionCounts, shortText } from './draw';
import { expertMatches } from './experts';
import { MDCS, useReviewLabels } from './labels';
import { isAmount, isWeight, lineDeduction, usedKeys, voteBody } from './vote';
import { watermarkText, watermarkTiles } from './watermark';

const t = (k: string, v?: Record<string, unknown>) => (i18n.t as unknown as (k: string, v?: object) => string)(k, v);
const labels = () => renderHook(() => useReviewLabels()).result.current;

const panel = (over: Partial<PanelSummary>): PanelSummary => ({
  id: 'p1',
  round: 1,
  status: 'FORMING',
  size: 3,
  invited: 0,
  accepted: 0,
  voted: 0,
  vote_due: null,
  ...over,
});

describe('the board', () => {
  it('offers a draw for accepted and appealed applications and for a forming panel short of members', () => {
    expect(drawAction({ status: 'ACCEPTED' })).toBe('draw');
    expect(drawAction({ status: 'APPEALED', panel: undefined })).toBe('appeal');
    expect(drawAction({ status: 'EXPERT_REVIEW', panel: panel({ invited: 1, accepted: 1 }) })).toBe('more');
    expect(drawAction({ status: 'EXPERT_REVIEW', panel: panel({ invited: 2, accepted: 1 }) })).toBeUndefined();
    expect(drawAction({ status: 'EXPERT_REVIEW', panel: panel({ status: 'VOTING', accepted: 3 }) })).toBeUndefined();
    expect(drawAction({ status: 'DECIDED', panel: panel({ status: 'CONFIRMED', accepted: 3 }) })).toBeUndefined();
  });

  it('tells a passed deadline', () => {
    const now = new Date('2026-03-02T08:00:00Z');
    expect(isPast('2026-03-01T16:00:00Z', now)).toBe(true);
    expect(isPast('2026-03-03T16:00:00Z', now)).toBe(false);
    expect(isPast(null, now)).toBe(false);
    expect(isPast('not a date', now)).toBe(false);
  });
});

describe('the draw dialog', () => {
  it('names the exclusion reasons in words, in both languages', async () => {
    const l = labels();
    expect(l.reason('same_hospital')).toBe('同院');
    expect(l.reason('same_group')).toBe('同集团');
    expect(l.reason('conflict')).toBe('已声明回避');
    expect(l.reason('load_limit')).toBe('负荷已满');
    expect(l.reason('absent')).toBe('不在岗（请假、出差等）');
    expect(l.reason('specialty')).toBe('专业不符');
    expect(l.reason('earlier_panel_or_member')).toBe('曾参与评审或已是本组成员');
    expect(l.reason('a_new_reason')).toBe('a_new_reason');
    expect(l.reason('../x')).toBe('../x');
    await i18n.changeLanguage('en');
    expect(labels().reason('same_group')).toBe('Same hospital group');
  });

  it('says which constraint ran short', () => {
    const l = labels();
    expect(shortText({ constraint: 'same_hospital', need: 3, have: 2, message: 'x' }, t, l)).toBe('需要 3 名，按“同院”排除后仅剩 2 名。');
    expect(shortText({ constraint: 'pool', need: 3, have: 1, message: 'x' }, t, l)).toBe('需要 3 名，专家库仅有 1 名。');
    expect(shortText({ constraint: 'mystery', need: 3, have: 1, message: '服务器的说明' }, t, l)).toBe('服务器的说明');
  });

  it('counts the excluded by reason in the order the filters run', () => {
    const ex = (reason: string) => ({ user_id: reason + Math.random(), name: '', hospital_name: '', specialties: [], load: 0, max_load: 1, reason });
    expect(exclusionCounts({ excluded: [ex('specialty'), ex('same_hospital'), ex('specialty'), ex('zzz'), ex('inactive')] })).toEqual([
      { reason: 'inactive', count: 1 },
      { reason: 'same_hospital', count: 1 },
      { reason: 'specialty', count: 2 },
      { reason: 'zzz', count: 1 },
    ]);
    expect(exclusionCounts({ excluded: null })).toEqual([]);
  });

  it('names all 26 MDCs', () => {
    const l = labels();
    expect(MDCS).toHaveLength(26);
    for (const m of MDCS) expect(l.mdcName(m)).not.toBe(m);
    expect(l.mdc('MDCF')).toBe('MDCF 循环系统');
    expect(l.mdc('')).toBe('—');
    expect(l.mdc('MDC9')).toBe('MDC9');
  });
});

describe('the vote', () => {
  it('checks amounts and weights without computing money', () => {
    for (const ok of ['1', '12.5', '12.50', '0.01', '1234567890']) expect(isAmount(ok), ok).toBe(true);
    for (const bad of ['', '0', '0.00', '-1', '1.234', '1,000', 'abc', '12.', ' ']) expect(isAmount(bad), bad).toBe(false);
    for (const ok of ['1', '1.2345', '0.5']) expect(isWeight(ok), ok).toBe(true);
    for (const bad of ['0', '1.23456', '-1', '']) expect(isWeight(bad), bad).toBe(false);
  });

  it('sends deductions only with an item-based approval and a proposal only with an adjusted standard', () => {
    const deductions = [{ key: 'line:3', label: ' 250101001 静脉注射 ', amount: '300.00 ', reason: ' 重复收费 ' }];
    expect(voteBody({ choice: 'APPROVE_ITEM_BASED', rationale: ' 合理 ', deductions, proposed_weight: '2' })).toEqual({
      choice: 'APPROVE_ITEM_BASED',
      rationale: '合理',
      deductions: [{ key: 'line:3', label: '250101001 静脉注射', amount: '300.00', reason: '重复收费' }],
    });
    expect(voteBody({ choice: 'APPROVE_ITEM_BASED', rationale: 'x', deductions: [] })).toEqual({ choice: 'APPROVE_ITEM_BASED', rationale: 'x' });
    expect(voteBody({ choice: 'APPROVE_ADJUSTED_STANDARD', rationale: 'x', deductions, proposed_weight: '2.5', proposed_standard: ' ' })).toEqual({
      choice: 'APPROVE_ADJUSTED_STANDARD',
      rationale: 'x',
      proposed_weight: '2.5',
    });
    expect(voteBody({ choice: 'REJECT', rationale: 'x', deductions, proposed_standard: '1000' })).toEqual({ choice: 'REJECT', rationale: 'x' });
  });

  it('makes a fee line a deduction of its whole amount and deducts each key once', () => {
    expect(lineDeduction({ key: 'line:2', code: 'XJ01', name: '阿莫西林胶囊', amount: '60000.00' })).toEqual({
      key: 'line:2',
      label: 'XJ01 阿莫西林胶囊',
      amount: '60000.00',
      reason: '',
    });
    expect([...usedKeys([{ key: 'line:2' }, { key: '' }, {}, { key: 'category:09' }])]).toEqual(['line:2', 'category:09']);
  });
});

describe('the watermark', () => {
  it('reads "<name> <time>" in Shanghai time and tiles the viewer', () => {
    expect(watermarkText('专家01（心血管）', new Date('2026-03-02T01:05:00Z'))).toBe('专家01（心血管） 2026-03-02 09:05');
    expect(watermarkText('  ', new Date('2026-03-02T01:05:00Z'))).toBe('— 2026-03-02 09:05');
    expect(watermarkTiles(1040, 700)).toBe(4 * 5);
    expect(watermarkTiles(0, 0)).toBe(1);
  });
});

describe('the pool search', () => {
  const e: Expert = {
    user_id: 'u1',
    name: '专家01（心血管）',
    hospital_id: 'h1',
    hospital_name: '济南市第一人民医院',
    group: '济南市第一医疗集团',
    specialties: ['MDCF'],
    active: true,
    max_load: 6,
    organisation: '',
    load: 1,
    absences: [],
    conflicts: [],
    version: 1,
  };
  it('matches name, hospital, group and specialty code or name, every word', () => {
    const l = labels();
    expect(expertMatches(e, '', l.mdcName)).toBe(true);
    expect(expertMatches(e, '循环', l.mdcName)).toBe(true);
    expect(expertMatches(e, 'mdcf 第一', l.mdcName)).toBe(true);
    expect(expertMatches(e, 'mdcb', l.mdcName)).toBe(false);
  });
});
