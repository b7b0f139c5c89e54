import { describe, expect, it } from 'vitest';

import i18n from '@/lib/i18n';

import { messageKey, sortTodos, todoText, type Translator } from './todos';

const tr = (): Translator => ({
  t: (k, v) => (i18n.t as unknown as (k: string, v?: object) => string)(k, v),
  exists: (k) => i18n.exists(k),
});

describe('to-do lines', () => {
  it('renders each application key in Chinese and English', async () => {
    expect(todoText({ key: 'applications.intake_overdue', count: 3 }, tr())).toBe('3 份申请已超过受理时限');
    expect(todoText({ key: 'applications.drafts', count: 1 }, tr())).toBe('1 份申请草稿待完成');
    await i18n.changeLanguage('en');
    expect(todoText({ key: 'applications.intake_overdue', count: 3 }, tr())).toBe('3 applications past the intake service level');
  });

  it('renders the review keys (draw, respond, vote, confirm, decided)', async () => {
    expect(todoText({ key: 'review.draw', count: 2 }, tr())).toBe('2 份申请待抽取评审专家');
    expect(todoText({ key: 'review.respond', count: 1 }, tr())).toBe('1 个评审邀请待答复');
    expect(todoText({ key: 'review.vote', count: 3 }, tr())).toBe('3 个评审组待您投票');
    expect(todoText({ key: 'review.confirm', count: 1 }, tr())).toBe('1 项评审决定待确认');
    expect(todoText({ key: 'review.decided', count: 1 }, tr())).toBe('1 项评审决定可申诉');
    await i18n.changeLanguage('en');
    expect(todoText({ key: 'review.vote', count: 3 }, tr())).toBe('3 panels waiting for your vote');
  });

  it('puts the quota params in the line and the own use when it differs', () => {
    const item = { key: 'applications.quota', count: 2, params: { used: '8', cap: '10', period: '2026Q1', own: '3' } };
    expect(todoText(item, tr())).toBe('特例单议额度剩余 2（已用 8 / 上限 10，2026Q1），本院已用 3');
    expect(todoText({ ...item, params: { ...item.params, own: '8' } }, tr())).toBe('特例单议额度剩余 2（已用 8 / 上限 10，2026Q1）');
  });

  it('gives unknown or odd keys the generic line', () => {
    expect(todoText({ key: 'panels.to_draw', count: 4 }, tr())).toBe('panels.to_draw：4 项');
    expect(messageKey('../x')).toBeUndefined();
    expect(todoText({ key: '__proto__', count: 1 }, tr())).toBe('__proto__：1 项');
  });

  it('sorts danger first, then the nearest due date, else keeps the order', () => {
    const items = [
      { key: 'a', severity: 'info' },
      { key: 'b', severity: 'warning', due: '2026-03-05' },
      { key: 'c', severity: 'danger' },
      { key: 'd', severity: 'warning', due: '2026-03-02' },
      { key: 'e', severity: 'info' },
    ];
    expect(sortTodos(items).map((i) => i.key)).toEqual(['c', 'd', 'b', 'a', 'e']);
  });
});
