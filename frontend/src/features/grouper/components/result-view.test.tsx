import { render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';

import i18n from '@/lib/i18n';

import type { GroupResult } from '../api/types';
import { ageMissing, ccResult, PLAN, result } from '../testing/results';

import { CompareView } from './compare-view';
import { ResultView } from './result-view';

function show(node: React.ReactNode) {
  return render(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);
}

/** The Descriptions row labelled `label`, as a reader scans it. */
function row(label: string): HTMLElement {
  const th = screen.getByText(label, { selector: 'th, th *' });
  const tr = th.closest('tr');
  if (!tr) throw new Error(`no row ${label}`);
  return tr;
}

describe('ResultView', () => {
  it('shows the status as a green tag and the three groups with their names', () => {
    show(<ResultView result={result} />);
    const status = screen.getByTestId('result-status');
    expect(status).toHaveTextContent('分组成功');
    expect(status.className).toMatch(/green/);
    expect(screen.getByTestId('result-mdc')).toHaveTextContent('MDCE 呼吸系统疾病及功能障碍');
    expect(screen.getByTestId('result-adrg')).toHaveTextContent('ER2 肺栓塞');
    expect(screen.getByTestId('result-drg')).toHaveTextContent('ER25 肺栓塞，不伴并发症或合并症');
    expect(within(row('并发症/合并症')).getByText('无')).toBeInTheDocument();
    expect(screen.queryByText('决定细分的次要诊断')).not.toBeInTheDocument();
    expect(screen.getByText(/方案 chs-drg-1.1 · 摘要 26a27e7fd6bc0dfb · 引擎 teyi-grouper\/1.0.0/)).toBeInTheDocument();
  });

  it('shows every step of the decision path with its rule, the code that satisfied it and the plan source', () => {
    show(<ResultView result={result} />);
    const trace = screen.getByTestId('group-trace');
    expect(trace.querySelectorAll('.ant-steps-item')).toHaveLength(6);
    expect(within(trace).getByText('信息校验')).toBeInTheDocument();
    expect(within(trace).getByText('通过')).toBeInTheDocument();
    expect(within(trace).getByText(/MDC 内无匹配 ADRG/)).toBeInTheDocument();

    const mdc = within(trace).getAllByTestId('trace-mdc')[1];
    expect(mdc).toHaveTextContent('进入 MDC MDCE 呼吸系统疾病及功能障碍');
    const mdcStep = mdc?.closest('.ant-steps-item') as HTMLElement;
    expect(within(mdcStep).getByText('pdx')).toBeInTheDocument();
    expect(within(mdcStep).getByText('I26.900x005')).toBeInTheDocument();
    expect(within(mdcStep).getByText('MDC/MDCE.dat:1')).toBeInTheDocument();

    const drg = within(trace).getByTestId('trace-drg');
    expect(drg).toHaveTextContent('DRG 细分 ER25');
    const drgStep = drg.closest('.ant-steps-item') as HTMLElement;
    expect(within(drgStep).getByText('always')).toBeInTheDocument();
    expect(within(drgStep).getByText('3_DRG.txt:127')).toBeInTheDocument();
    expect(drgStep.className).toMatch(/finish/);
  });

  it('shows the CC that decided the split and the excluded CC with their exclusion tables', () => {
    show(<ResultView result={ccResult} />);
    expect(within(row('并发症/合并症')).getByText('CC（一般并发症或合并症）')).toBeInTheDocument();
    const split = row('决定细分的次要诊断');
    expect(within(split).getByText('D48.700')).toBeInTheDocument();
    expect(within(split).getByText('CC')).toBeInTheDocument();
    expect(within(split).getByText(/表 7-38/)).toBeInTheDocument();
    const excluded = screen.getByTestId('result-excluded');
    expect(within(excluded).getByText('M84.100')).toBeInTheDocument();
    expect(within(excluded).getByText(/骨折不连接/)).toBeInTheDocument();
    expect(within(excluded).getByText(/表 7-12/)).toBeInTheDocument();
  });

  it('explains a failed validation in words and marks the step red', () => {
    show(<ResultView result={ageMissing} />);
    expect(screen.getByTestId('result-status')).toHaveTextContent('信息校验不通过');
    expect(screen.getByTestId('result-status').className).toMatch(/orange/);
    expect(within(row('状态')).getByText('缺少年龄')).toBeInTheDocument();
    expect(within(row('DRG')).getByText('—')).toBeInTheDocument();
    const step = screen.getByTestId('trace-validate').closest('.ant-steps-item') as HTMLElement;
    expect(step.className).toMatch(/error/);
    // The field name is for the form, not for the reader.
    expect(within(step).queryByText('age')).not.toBeInTheDocument();
  });

  it('marks an ungroupable case red and keeps an unknown reason as the server sent it', () => {
    const ungroupable: GroupResult = {
      ...ageMissing,
      status: 'ungroupable',
      status_label: '无法入组',
      reason: 'something new',
      detail: 'X99',
      trace: [{ stage: 'validate', rule: 'ok' }, { stage: 'ungroupable', rule: 'something new' }],
    };
    show(<ResultView result={ungroupable} />);
    expect(screen.getByTestId('result-status').className).toMatch(/red/);
    expect(within(row('状态')).getByText(/something new/)).toBeInTheDocument();
    expect(within(row('状态')).getByText('X99')).toBeInTheDocument();
  });

  it('reads in English', async () => {
    await i18n.changeLanguage('en');
    show(<ResultView result={ccResult} />);
    expect(screen.getByTestId('result-status')).toHaveTextContent('Grouped');
    expect(screen.getByText('Decision path')).toBeInTheDocument();
    expect(screen.getByText('Secondary diagnosis that decided the split')).toBeInTheDocument();
    expect(screen.getByTestId('trace-drg')).toHaveTextContent('DRG split IG13');
    expect(screen.getAllByText('Plan source')).toHaveLength(3);
  });
});

describe('CompareView', () => {
  it('puts the plans in two columns and marks the rows that differ', () => {
    const other: GroupResult = { ...ccResult, plan: 'jn-drg-2026', plan_digest: 'abcdef', drg: 'IG15', drg_name: '周围神经手术，不伴并发症或合并症', comorbidity: 'none', split_by: undefined };
    show(<CompareView first={ccResult} second={other} plans={[PLAN]} />);
    expect(screen.getByText('两个方案的分组结果不同，不同之处已标出。')).toBeInTheDocument();
    const table = screen.getByTestId('compare-table');
    const differing = [...table.querySelectorAll('tr[data-differs="true"]')].map((tr) => tr.querySelector('td')?.textContent);
    expect(differing).toEqual(['DRG不同', '并发症/合并症不同', '决定细分的次要诊断不同']);
    const drgRow = table.querySelector('tr[data-differs="true"]') as HTMLElement;
    expect(within(drgRow).getByText('IG13')).toBeInTheDocument();
    expect(within(drgRow).getByText('IG15')).toBeInTheDocument();
    expect(screen.getAllByTestId('group-trace')).toHaveLength(2);
    expect(screen.getAllByText('jn-drg-2026').length).toBeGreaterThan(0);
  });

  it('says plainly when the same plan was chosen twice', () => {
    show(<CompareView first={result} second={{ ...result }} plans={[PLAN]} />);
    expect(screen.getByText('两个方案结果相同')).toBeInTheDocument();
    expect(screen.getByText(/两栏使用的是同一个方案（chs-drg-1.1）/)).toBeInTheDocument();
    expect(screen.getByTestId('compare-table').querySelectorAll('tr[data-differs="true"]')).toHaveLength(0);
    expect(screen.getAllByTestId('result-drg')).toHaveLength(2);
  });
});
