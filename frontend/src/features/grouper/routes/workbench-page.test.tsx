import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { CLINICIAN, problem } from '@/testing/fixtures';
import { renderApp, stubApi, type StubAnswer } from '@/testing/render-app';

import type { CodeHit, GroupRequest } from '../api/types';
import { ageMissing, PLAN, result } from '../testing/results';

const DICTIONARY: CodeHit[] = [
  { kind: 'diagnosis', code: 'I26.900x001', name: '肺栓塞' },
  { kind: 'diagnosis', code: 'I26.900x005', name: '大面积肺血栓栓塞症' },
  { kind: 'diagnosis', code: 'Z85.800x011', name: '恶性黑色素瘤史' },
  { kind: 'diagnosis', code: 'M84.000x063', name: '腓骨骨折连接不正' },
  { kind: 'diagnosis', code: 'D48.700', name: '动态未定或动态未知的肿瘤,其他特指部位的' },
  { kind: 'procedure', code: '39.7900x038', name: '经皮上肢人工血管取栓术', valid_operation: true },
  { kind: 'procedure', code: '04.3x03', name: '迷走神经缝合术', valid_operation: true },
  { kind: 'procedure', code: '35.2200x002', name: '主动脉根部扩大伴主动脉瓣机械瓣膜置换术', valid_operation: true },
  { kind: 'procedure', code: '14.0100', name: '用磁吸法去除眼后节异物', valid_operation: true },
];

/** GET /codes as the server answers it: code prefix or name substring, of the kind asked. */
const codes = (request: Request): StubAnswer => {
  const url = new URL(request.url);
  const q = url.searchParams.get('q') ?? '';
  const kind = url.searchParams.get('kind') ?? 'any';
  const limit = Number(url.searchParams.get('limit') ?? 20);
  const items = DICTIONARY.filter((h) => (kind === 'any' || h.kind === kind) && (h.code.startsWith(q) || h.name.includes(q)));
  return { body: { items: items.slice(0, limit) } };
};

function setup(group: (request: Request) => Response | StubAnswer = () => ({ body: result })) {
  const requests: GroupRequest[] = [];
  const searches: URLSearchParams[] = [];
  const fetch = vi.fn(
    stubApi(
      {
        'GET /api/v1/grouper/plans': { body: { items: [PLAN] } },
        'GET /api/v1/grouper/codes': (request) => {
          searches.push(new URL(request.url).searchParams);
          return codes(request);
        },
        'POST /api/v1/grouper/group': async (request) => {
          requests.push((await request.clone().json()) as GroupRequest);
          return group(request);
        },
      },
      { me: CLINICIAN },
    ),
  );
  vi.stubGlobal('fetch', fetch);
  const app = renderApp('/grouper');
  return { ...app, requests, searches, fetch };
}

async function pick(user: ReturnType<typeof setup>['user'], field: RegExp, typed: string, code: string) {
  const box = screen.getByRole('combobox', { name: field });
  await user.type(box, typed);
  const option = await screen.findByTitle(new RegExp(`^${code.replace(/\./g, '\\.')} `));
  await user.click(option);
}

describe('分组工作台', () => {
  it('is in the menu of every signed-in user and says what to do first', async () => {
    setup();
    expect(await screen.findByRole('heading', { name: '分组工作台' })).toBeInTheDocument();
    expect(screen.getByRole('menuitem', { name: /分组工作台/ })).toBeInTheDocument();
    expect(screen.getByText('录入主要诊断后点击“分组”（或按回车）')).toBeInTheDocument();
  });

  it('searches codes as the user types, marks the principal ones, and sends the case as the API expects', async () => {
    const { user, requests, searches } = setup();
    await screen.findByRole('heading', { name: '分组工作台' });

    await pick(user, /诊断/, 'I26.900x0', 'I26.900x005');
    await pick(user, /诊断/, '黑色素', 'Z85.800x011');
    await pick(user, /手术及操作/, '39.79', '39.7900x038');
    const last = searches.at(-1);
    expect(last?.get('kind')).toBe('procedure');
    expect(searches.some((s) => s.get('q') === 'I26.900x0' && s.get('kind') === 'diagnosis')).toBe(true);
    expect(searches.some((s) => s.get('q') === '黑色素')).toBe(true);

    const dxTags = screen.getAllByTestId('dx-picker-tag');
    expect(dxTags[0]).toHaveTextContent('主要诊断 I26.900x005 大面积肺血栓栓塞症');
    expect(dxTags[1]).toHaveTextContent('Z85.800x011 恶性黑色素瘤史');
    expect(dxTags[1]).not.toHaveTextContent('主要诊断');
    const pxTag = screen.getByTestId('px-picker-tag');
    expect(pxTag).toHaveTextContent('主要手术/操作 39.7900x038');
    expect(within(pxTag).getByText('手术室手术')).toBeInTheDocument();

    await user.type(screen.getByLabelText('年龄（岁）'), '63');
    await user.type(screen.getByLabelText('住院天数'), '29{Enter}');

    expect(await screen.findByTestId('result-drg')).toHaveTextContent('ER25');
    expect(requests).toEqual([
      {
        case: {
          sex: 1,
          age: 63,
          age_days: -1,
          birth_weight: 0,
          admission_weight: 0,
          los: 29,
          discharge_way: 0,
          ventilation_hours: 0,
          ecmo: false,
          diagnoses: ['I26.900x005', 'Z85.800x011'],
          procedures: ['39.7900x038'],
        },
      },
    ]);
    expect(within(screen.getByTestId('group-trace')).getByText('MDC/MDCE.dat:1')).toBeInTheDocument();
  });

  it('moves a secondary diagnosis to the front and removes one', async () => {
    const { user, requests } = setup();
    await screen.findByRole('heading', { name: '分组工作台' });
    await user.click(screen.getByTestId('examples'));
    await user.click(await screen.findByRole('menuitem', { name: '周围神经手术伴 CC（IG13）' }));
    await waitFor(() => expect(screen.getAllByTestId('dx-picker-tag')[1]).toHaveTextContent('D48.700 动态未定'));

    await user.click(screen.getByRole('button', { name: '设为第一个 D48.700' }));
    expect(screen.getAllByTestId('dx-picker-tag')[0]).toHaveTextContent('主要诊断 D48.700');
    const px = screen.getAllByTestId('px-picker-tag');
    const close = px[2]?.querySelector('.ant-tag-close-icon');
    if (!close) throw new Error('no close icon');
    await user.click(close);

    await user.click(screen.getByRole('button', { name: '分组' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.case).toMatchObject({
      sex: 2,
      age: 21,
      los: 29,
      diagnoses: ['D48.700', 'M84.000x063'],
      procedures: ['04.3x03', '35.2200x002'],
    });
  });

  it('asks for the principal diagnosis before grouping', async () => {
    const { user, requests } = setup();
    await screen.findByRole('heading', { name: '分组工作台' });
    await user.click(screen.getByRole('button', { name: '分组' }));
    expect(await screen.findByText('请录入主要诊断')).toBeInTheDocument();
    expect(requests).toHaveLength(0);
  });

  it('shows the server’s field errors at the fields and keeps the input', async () => {
    const { user } = setup(() =>
      problem(422, 'Unprocessable Entity', 'validation failed', [
        { location: 'body.case.diagnoses[0]', message: 'expected length <= 20' },
        { location: 'body.case.age_days', message: 'expected number <= 400' },
      ]),
    );
    await screen.findByRole('heading', { name: '分组工作台' });
    const dx = screen.getByRole('combobox', { name: /诊断/ });
    await user.type(dx, 'I26.900x005{Enter}');
    await user.type(screen.getByLabelText('年龄（岁）'), '63');
    await user.click(screen.getByRole('button', { name: '分组' }));

    const dxItem = dx.closest('.ant-form-item') as HTMLElement;
    expect(await within(dxItem).findByText('expected length <= 20')).toBeInTheDocument();
    const ageDaysItem = screen.getByLabelText('年龄（天）').closest('.ant-form-item') as HTMLElement;
    expect(within(ageDaysItem).getByText('expected number <= 400')).toBeInTheDocument();
    expect(screen.getByTestId('group-error')).toHaveTextContent('请按提示修改标红的字段。');
    expect(screen.getByLabelText('年龄（岁）')).toHaveValue('63');
    expect(screen.getAllByTestId('dx-picker-tag')[0]).toHaveTextContent('I26.900x005');
  });

  it('shows an error that keeps the input when the server fails', async () => {
    const { user } = setup(() => problem(500, 'Internal Server Error', 'boom'));
    await screen.findByRole('heading', { name: '分组工作台' });
    await user.type(screen.getByRole('combobox', { name: /诊断/ }), 'I26.900x005{Enter}');
    await user.click(screen.getByRole('button', { name: '分组' }));
    const alert = await screen.findByTestId('group-error');
    expect(alert).toHaveTextContent('分组失败');
    expect(alert).toHaveTextContent('500 Internal Server Error — boom');
    expect(alert).toHaveTextContent('已录入的内容仍保留');
    expect(screen.getAllByTestId('dx-picker-tag')[0]).toHaveTextContent('I26.900x005');
  });

  it('puts a failed validation’s reason at the field it names', async () => {
    const { user } = setup(() => ({ body: ageMissing }));
    await screen.findByRole('heading', { name: '分组工作台' });
    await user.type(screen.getByRole('combobox', { name: /诊断/ }), 'I10{Enter}');
    await user.click(screen.getByRole('button', { name: '分组' }));
    expect(await screen.findByTestId('result-status')).toHaveTextContent('信息校验不通过');
    const ageItem = screen.getByLabelText('年龄（岁）').closest('.ant-form-item') as HTMLElement;
    expect(within(ageItem).getByText('缺少年龄')).toBeInTheDocument();
  });

  it('groups an example under two plans — the same one twice — and shows both columns', async () => {
    const { user, requests } = setup();
    await screen.findByRole('heading', { name: '分组工作台' });
    await user.click(screen.getByTestId('examples'));
    await user.click(await screen.findByRole('menuitem', { name: '肺栓塞（ER25）' }));

    // antd's Select opens on mousedown.
    const compare = screen.getByRole('combobox', { name: '对比方案' });
    fireEvent.mouseDown(compare);
    const options = await screen.findAllByTitle('chs-drg-1.1');
    await user.click(options[options.length - 1] as HTMLElement);
    expect(await screen.findByText('与分组方案相同：两栏结果将一致')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '分组' }));
    expect(await screen.findByTestId('compare-view')).toBeInTheDocument();
    expect(requests).toHaveLength(2);
    expect(requests[0]?.plan).toBeUndefined();
    expect(requests[1]?.plan).toBe('chs-drg-1.1');
    expect(requests[0]?.case).toEqual(requests[1]?.case);
    expect(screen.getByText(/两栏使用的是同一个方案/)).toBeInTheDocument();
    expect(screen.getAllByTestId('result-drg')).toHaveLength(2);
  });
});
