import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { Me } from '@/lib/session';
import { BUREAU_ADMIN, problem } from '@/testing/fixtures';
import { currentUrl, renderApp, stubApi } from '@/testing/render-app';

import type { Decision, Panel, PoolView, ReviewCase } from '../api/types';

const EXPERT: Me = {
  ...BUREAU_ADMIN,
  id: 'e1',
  username: 'expert01',
  display_name: '专家01（心血管）',
  roles: [{ role: 'expert', kind: 'region', id: '370100', region: '370100' }],
};
const REVIEWER: Me = {
  ...BUREAU_ADMIN,
  id: 'r1',
  username: 'bureau.reviewer',
  display_name: '李审核（经办审核员）',
  roles: [{ role: 'bureau_reviewer', kind: 'region', id: '370100', region: '370100' }],
};
const OFFICE: Me = {
  ...BUREAU_ADMIN,
  id: 'o1',
  username: 'h1.office',
  display_name: '张医保办（一院）',
  roles: [{ role: 'hospital_office', kind: 'hospital', id: 'h1', region: '370100' }],
  hospital_id: 'h1',
  hospital_name: '济南市第一人民医院',
};

const ROW = {
  application_id: 'a1',
  no: 'TS2026-000123',
  hospital_name: '济南市第一人民医院',
  types: ['HIGH_COST'],
  status: 'ACCEPTED',
  mdc: 'MDCF',
  discharged_on: '2026-02-01',
};

const POOL: PoolView = {
  application_id: 'a1',
  round: 1,
  size: 3,
  need: 3,
  mdc: 'MDCF',
  related: ['MDCE', 'MDCA'],
  eligible: [
    { user_id: 'e2', name: '专家02（神经）', hospital_name: '济南市中心医院', specialties: ['MDCF'], load: 0, max_load: 6 },
    { user_id: 'e3', name: '专家03（呼吸）', hospital_name: '历下区人民医院', specialties: ['MDCE'], load: 1, max_load: 6 },
  ],
  excluded: [
    { user_id: 'e1', name: '专家01（心血管）', hospital_name: '济南市第一人民医院', specialties: ['MDCF'], load: 0, max_load: 6, reason: 'same_hospital' },
    { user_id: 'e4', name: '专家04（消化）', hospital_name: '槐荫区中医医院', specialties: ['MDCG'], load: 6, max_load: 6, reason: 'load_limit' },
  ],
  fallback: ['MDCE'],
  modes: {},
};

const VOTE = {
  letter: 'A',
  name: '专家02（神经）',
  choice: 'APPROVE_ITEM_BASED' as const,
  rationale: '费用合理',
  deductions: [{ key: 'line:1', label: '250101001 静脉注射', amount: '300.00', reason: '重复收费' }],
  cast_at: '2026-03-02T02:00:00Z',
};

const PANEL: Panel = {
  id: 'p1',
  application_id: 'a1',
  application_no: 'TS2026-000123',
  hospital_name: '济南市第一人民医院',
  round: 1,
  status: 'VOTING',
  size: 3,
  mdc: 'MDCF',
  vote_round: 1,
  vote_due: '2026-03-10T16:00:00Z',
  returned: false,
  return_reason: '',
  members: [
    { user_id: 'e2', name: '专家02（神经）', letter: 'A', status: 'ACCEPTED', respond_due: '2026-03-05T16:00:00Z', reason: '', voted: true, responded_at: '2026-03-02T01:00:00Z' },
    { user_id: 'e3', name: '专家03（呼吸）', letter: 'B', status: 'ACCEPTED', respond_due: '2026-03-05T16:00:00Z', reason: '', voted: false, responded_at: '2026-03-02T01:00:00Z' },
    { user_id: 'e5', name: '专家05（骨科）', letter: 'C', status: 'DECLINED', respond_due: '2026-03-05T16:00:00Z', reason: '出差', voted: false, responded_at: '2026-03-02T01:00:00Z' },
  ],
  draws: [{ id: 'd1', kind: 'initial', drawn_at: '2026-03-01T02:00:00Z', selected: ['专家02（神经）'], fallback: ['MDCE'], eligible: 5 }],
  votes: [],
  created_at: '2026-03-01T02:00:00Z',
};

const DECISION: Decision = {
  id: 'dec1',
  application_id: 'a1',
  application_no: 'TS2026-000123',
  hospital_name: '济南市第一人民医院',
  panel_id: 'p1',
  round: 1,
  version: 1,
  vote_round: 1,
  outcome: 'APPROVED_ITEM_BASED',
  deductions: [{ key: 'line:1', label: '250101001 静脉注射', amount: '300.00', reason: '重复收费' }],
  deduction_total: '300.00',
  approved_amount: '64700.00',
  rule_version: 'majority/1',
  tally: { size: 3, approve: 2, itemBased: 2, adjusted: 0, reject: 1, missing: 0 },
  explanation: ['评审组 3 名专家：同意 2 名。', '同意人数超过半数（至少 2 名），予以通过。'],
  status: 'PROPOSED',
  final: false,
  confirmed_at: null,
  can_confirm: true,
  can_return: true,
  can_appeal: false,
  votes: [VOTE, { ...VOTE, letter: 'B', name: '专家03（呼吸）', deductions: [] }, { ...VOTE, letter: 'C', name: '专家06', choice: 'REJECT', deductions: [] }],
  created_at: '2026-03-03T02:00:00Z',
};

// The API sends null for what a case lacks (proposal, pricing, my vote …); the schema calls them required.
const CASE = {
  panel: { id: 'p1', round: 1, status: 'VOTING', vote_round: 1, vote_due: '2026-03-10T16:00:00Z', my_status: 'ACCEPTED', my_letter: 'A', voted: false },
  application: {
    no: 'TS2026-000123',
    types: ['HIGH_COST'],
    justification: '多器官功能衰竭',
    claimed_amount: '65000.00',
    discharged_on: '2026-02-01',
    hospital_name: '济南市第一人民医院',
    proposal: null,
    screening: null,
    snapshot: null,
  },
  patient: { age: 67, age_days: 0, sex: 1 },
  clinical: {
    los: 21,
    admission_dept: 'A03',
    discharge_dept: 'A03',
    transfer_depts: [],
    discharge_way: 1,
    icu_hours: 72,
    vent_hours: 48,
    diagnoses: [{ diag_code: 'I21.000', diag_name: '急性心肌梗死', adm_cond_type: '1' }],
    procedures: [],
  },
  fees: {
    total_cost: '90000.00',
    class_a: '75000.00',
    class_b: '15000.00',
    own_pay: '0.00',
    categories: [{ code: '09', name: '西药费', amount: '60000.00' }],
    items: [
      { key: 'line:1', code: '250101001', name: '静脉注射', category: '05', level: 1, quantity: '100', price: '3.00', amount: '300.00' },
      { key: 'line:2', code: 'XJ01', name: '阿莫西林胶囊', category: '09', level: 1, quantity: '200', price: '300.00', amount: '60000.00' },
    ],
  },
  grouping: { status: 'grouped', mdc: 'MDCF', mdc_name: '循环系统', adrg: 'FM1', adrg_name: '', drg: 'FM19', drg_name: '经皮冠脉支架', plan: 'CHS 1.1', trace: [] },
  pricing: null,
  findings: [],
  evidence: [{ id: 'ev1', kind: 'discharge_record', label: 'discharge_record-1', purpose: 'evidence', content_type: 'image/png', size: 2048, uploaded_at: '2026-02-03T02:00:00Z' }],
  my_vote: null,
  return_note: '',
} as unknown as ReviewCase;

describe('专家评审看板', () => {
  it('shows the eligible pool, the excluded with their reasons and the fallback, and draws', async () => {
    let drew: unknown;
    vi.stubGlobal(
      'fetch',
      stubApi({
        'GET /api/v1/review/cycles': { body: { items: [] } },
        'GET /api/v1/review/board': { body: { rows: [ROW] } },
        'GET /api/v1/review/applications/a1/pool': { body: POOL },
        'POST /api/v1/review/panels': async (req) => {
          drew = await req.json();
          expect(req.headers.get('Idempotency-Key')).toBeTruthy();
          return { status: 201, body: { ...PANEL, status: 'FORMING', members: PANEL.members?.map((m) => ({ ...m, status: 'INVITED' })) } };
        },
        'GET /api/v1/review/panels/p1': { body: PANEL },
      }),
    );
    const { user } = renderApp('/review');
    expect(await screen.findByRole('heading', { name: '专家评审看板' })).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: '抽取专家' }));
    const dialog = await screen.findByTestId('draw-dialog');
    expect(within(dialog).getByTestId('draw-need')).toHaveTextContent('需抽取 3 名（评审组 3 人）');
    expect(within(dialog).getByTestId('draw-fallback')).toHaveTextContent('已启用相关专业：MDCE 呼吸系统');
    expect(within(dialog).getByTestId('exclusion-summary')).toHaveTextContent('同院 1');
    expect(within(dialog).getByTestId('exclusion-summary')).toHaveTextContent('负荷已满 1');
    await user.click(within(dialog).getByRole('tab', { name: /已排除/ }));
    const excluded = await within(dialog).findByTestId('draw-excluded');
    expect(within(excluded).getByText('专家01（心血管）').closest('tr')).toHaveTextContent('同院');
    await user.click(screen.getByRole('button', { name: '确认抽取' }));
    await waitFor(() => expect(currentUrl()).toBe('/review/panels/p1'));
    expect(drew).toEqual({ application_id: 'a1' });
  });

  it('names the constraint that ran short and offers no draw', async () => {
    vi.stubGlobal(
      'fetch',
      stubApi({
        'GET /api/v1/review/cycles': { body: { items: [] } },
        'GET /api/v1/review/board': { body: { rows: [ROW] } },
        'GET /api/v1/review/applications/a1/pool': {
          body: { ...POOL, eligible: [], fallback: [], short: { constraint: 'same_group', need: 3, have: 2, message: '…' } },
        },
      }),
    );
    const { user } = renderApp('/review');
    await user.click(await screen.findByRole('button', { name: '抽取专家' }));
    expect(await screen.findByTestId('draw-short')).toHaveTextContent('需要 3 名，按“同集团”排除后仅剩 2 名。');
    expect(screen.getByRole('button', { name: '确认抽取' })).toBeDisabled();
  });

  it('is not there for a hospital office', async () => {
    vi.stubGlobal('fetch', stubApi({}, { me: OFFICE }));
    renderApp('/review');
    expect(await screen.findByText('页面不存在')).toBeInTheDocument();
  });
});

describe('评审组 page', () => {
  it('shows who has voted but not how while voting, and the votes side by side once closed', async () => {
    let panel: Panel = PANEL;
    vi.stubGlobal('fetch', stubApi({ 'GET /api/v1/review/panels/p1': () => ({ body: panel }) }));
    const { queryClient } = renderApp('/review/panels/p1');
    const members = await screen.findByTestId('panel-members');
    expect(within(members).getAllByTestId('member-voted')).toHaveLength(1);
    expect(screen.getByText('投票截止前只显示谁已投票，不显示投票内容。')).toBeInTheDocument();
    expect(screen.queryByTestId('votes-side-by-side')).not.toBeInTheDocument();

    panel = { ...PANEL, status: 'CLOSED', votes: [VOTE, { ...VOTE, letter: 'B', name: '专家03（呼吸）', choice: 'REJECT', deductions: [] }] };
    await queryClient.invalidateQueries();
    const votes = await screen.findByTestId('votes-side-by-side');
    expect(within(votes).getAllByTestId('vote-card')).toHaveLength(2);
    expect(votes).toHaveTextContent('重复收费');
    expect(votes).toHaveTextContent('不同意');
  });
});

describe('我的评审 (expert)', () => {
  it('needs a reason to decline and sends it', async () => {
    let sent: unknown;
    const item = {
      panel_id: 'p1',
      application_no: 'TS2026-000123',
      types: ['HIGH_COST'],
      hospital_name: '济南市第一人民医院',
      round: 1,
      panel_status: 'FORMING',
      vote_round: 1,
      my_status: 'INVITED',
      my_letter: 'A',
      respond_due: '2026-03-05T16:00:00Z',
      vote_due: null,
      voted: false,
      invited_at: '2026-03-01T02:00:00Z',
    };
    vi.stubGlobal(
      'fetch',
      stubApi(
        {
          'GET /api/v1/review/inbox': { body: { items: [item] } },
          'POST /api/v1/review/panels/p1/response': async (req) => {
            sent = await req.json();
            return { body: { ...item, my_status: 'DECLINED' } };
          },
        },
        { me: EXPERT },
      ),
    );
    const { user } = renderApp('/review/inbox');
    await user.click(await screen.findByRole('button', { name: '谢绝' }));
    const dialog = await screen.findByRole('dialog', { name: '谢绝评审邀请' });
    await user.click(within(dialog).getByRole('button', { name: '谢绝' }));
    expect(await within(dialog).findByText('请填写理由')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('理由'), '近期出差');
    await user.click(within(dialog).getByRole('button', { name: '谢绝' }));
    await waitFor(() => expect(sent).toEqual({ answer: 'decline', reason: '近期出差' }));
  });
});

describe('评审病例 (expert)', () => {
  it('shows the evidence under the watermark and casts an item-based vote with a deduction', async () => {
    let sent: unknown;
    let voted = false;
    vi.stubGlobal(
      'fetch',
      stubApi(
        {
          'GET /api/v1/review/panels/p1/case': () => ({
            body: voted ? { ...CASE, panel: { ...CASE.panel, voted: true }, my_vote: { ...VOTE, name: undefined } } : CASE,
          }),
          'POST /api/v1/review/panels/p1/votes': async (req) => {
            sent = await req.json();
            voted = true;
            return { status: 201, body: VOTE };
          },
        },
        { me: EXPERT },
      ),
    );
    const { user } = renderApp('/review/panels/p1/case');
    expect(await screen.findByTestId('deidentified-note')).toBeInTheDocument();
    expect(screen.getByTestId('case-patient')).toHaveTextContent('67 岁');
    expect(screen.getByTestId('case-patient')).toHaveTextContent('男');

    await user.click(screen.getByRole('tab', { name: /材料/ }));
    await user.click(await screen.findByRole('button', { name: /查看/ }));
    const mark = await screen.findByTestId('watermark');
    expect(mark.getAttribute('data-text')).toMatch(/^专家01（心血管） \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(mark.querySelectorAll('span').length).toBeGreaterThan(10);

    await user.click(screen.getByTestId('choice-APPROVE_ITEM_BASED'));
    const select = await screen.findByTestId('deduction-line-select');
    await user.click(within(select).getByRole('combobox'));
    await user.click(await screen.findByText('#1 250101001 静脉注射 ¥300.00'));
    const row = await screen.findByTestId('deduction-row');
    await user.type(within(row).getByRole('textbox', { name: '理由' }), '重复收费');
    await user.type(screen.getByLabelText('评审理由'), '费用合理');
    await user.click(screen.getByTestId('vote-submit'));
    const confirm = await screen.findByRole('dialog', { name: '提交投票？' });
    await user.click(within(confirm).getByRole('button', { name: '提交投票' }));
    await waitFor(() =>
      expect(sent).toEqual({
        choice: 'APPROVE_ITEM_BASED',
        rationale: '费用合理',
        deductions: [{ key: 'line:1', label: '250101001 静脉注射', amount: '300.00', reason: '重复收费' }],
      }),
    );
    expect(await screen.findByTestId('my-vote')).toHaveTextContent('已提交');
  });

  it('asks for a proposal with an adjusted standard and keeps the vote unsent', async () => {
    const cast = vi.fn();
    vi.stubGlobal(
      'fetch',
      stubApi({ 'GET /api/v1/review/panels/p1/case': { body: CASE }, 'POST /api/v1/review/panels/p1/votes': () => (cast(), { status: 201 }) }, { me: EXPERT }),
    );
    const { user } = renderApp('/review/panels/p1/case');
    await user.click(await screen.findByTestId('choice-APPROVE_ADJUSTED_STANDARD'));
    await user.type(screen.getByLabelText('评审理由'), '理由');
    await user.click(screen.getByTestId('vote-submit'));
    expect(await screen.findByText('请填写建议权重或建议支付标准（至少一项）')).toBeInTheDocument();
    expect(cast).not.toHaveBeenCalled();
  });

  it('is not found for an expert outside the panel', async () => {
    vi.stubGlobal('fetch', stubApi({ 'GET /api/v1/review/panels/p9/case': () => problem(404, 'Not Found', 'not found') }, { me: EXPERT }));
    renderApp('/review/panels/p9/case');
    expect(await screen.findByText('该记录不存在，或不在您的管理范围内。')).toBeInTheDocument();
  });
});

describe('评审决定 (bureau reviewer)', () => {
  it('shows the tally, the rule, the votes side by side, and confirms', async () => {
    let confirmed = false;
    vi.stubGlobal(
      'fetch',
      stubApi(
        {
          'GET /api/v1/review/decisions/dec1': () => ({
            body: confirmed ? { ...DECISION, status: 'CONFIRMED', can_confirm: false, can_return: false, letter_code: 'ABCD2345' } : DECISION,
          }),
          'POST /api/v1/review/decisions/dec1/confirmation': () => {
            confirmed = true;
            return { body: { ...DECISION, status: 'CONFIRMED', can_confirm: false, can_return: false, letter_code: 'ABCD2345' } };
          },
        },
        { me: REVIEWER },
      ),
    );
    const { user } = renderApp('/review/decisions/dec1');
    expect(await screen.findByTestId('decision-tally')).toHaveTextContent('同意 2/3（按项目 2、调整标准 0），不同意 1，未投票 0');
    expect(screen.getByTestId('decision-explanation')).toHaveTextContent('予以通过');
    expect(screen.getByTestId('consolidated-deductions')).toHaveTextContent('¥300.00');
    expect(screen.getAllByTestId('vote-card')).toHaveLength(3);
    await user.click(screen.getByTestId('decision-confirm'));
    const dialog = await screen.findByRole('dialog', { name: '确认评审决定？' });
    expect(dialog).toHaveTextContent('医院可在申诉期内申诉一次');
    await user.click(within(dialog).getByRole('button', { name: '确认' }));
    expect(await screen.findByTestId('letter-code')).toHaveTextContent('ABCD2345');
    expect(screen.queryByTestId('decision-confirm')).not.toBeInTheDocument();
  });

  it('returns to the panel only with a reason, and offers no button the server does not allow', async () => {
    let sent: unknown;
    vi.stubGlobal(
      'fetch',
      stubApi(
        {
          'GET /api/v1/review/decisions/dec1': { body: { ...DECISION, can_confirm: false } },
          'POST /api/v1/review/decisions/dec1/return': async (req) => {
            sent = await req.json();
            return { body: { ...DECISION, status: 'RETURNED', can_confirm: false, can_return: false } };
          },
        },
        { me: REVIEWER },
      ),
    );
    const { user } = renderApp('/review/decisions/dec1');
    await user.click(await screen.findByTestId('decision-return'));
    expect(screen.queryByTestId('decision-confirm')).not.toBeInTheDocument();
    const dialog = await screen.findByRole('dialog', { name: '退回评审组重新合议' });
    await user.click(within(dialog).getByRole('button', { name: '退回合议' }));
    expect(await within(dialog).findByText('请填写理由')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('退回理由'), '核减依据不足');
    await user.click(within(dialog).getByRole('button', { name: '退回合议' }));
    await waitFor(() => expect(sent).toEqual({ reason: '核减依据不足' }));
  });
});

describe('决定书验证 (public)', () => {
  it('resolves a code without signing in', async () => {
    vi.stubGlobal(
      'fetch',
      stubApi(
        {
          'GET /api/v1/public/letters/ABCD2345': {
            body: {
              code: 'ABCD2345',
              application_no: 'TS2026-000123',
              hospital_name: '济南市第一人民医院',
              outcome: 'APPROVED_ITEM_BASED',
              final: false,
              decided_at: '2026-03-04T02:00:00Z',
              sha256: 'ab'.repeat(32),
            },
          },
        },
        { me: null },
      ),
    );
    renderApp('/verify/abcd2345');
    const result = await screen.findByTestId('verify-result');
    expect(result).toHaveTextContent('验证通过');
    expect(result).toHaveTextContent('TS2026-000123');
    expect(result).toHaveTextContent('通过：按项目付费');
  });

  it('says when a code is unknown', async () => {
    vi.stubGlobal('fetch', stubApi({ 'GET /api/v1/public/letters/NOPE': () => problem(404, 'Not Found') }, { me: null }));
    renderApp('/verify/NOPE');
    expect(await screen.findByTestId('verify-not-found')).toBeInTheDocument();
  });
});

describe('专家库 (bureau administrator)', () => {
  it('edits an expert with the version read', async () => {
    let sent: unknown;
    const expert = {
      user_id: 'e1',
      name: '专家01（心血管）',
      hospital_id: 'h1',
      hospital_name: '济南市第一人民医院',
      group: '济南市第一医疗集团',
      specialties: ['MDCF'],
      active: true,
      max_load: 6,
      organisation: '',
      load: 2,
      absences: [{ id: 'ab1', user_id: 'e1', starts_on: '2026-03-01', ends_on: '2026-03-07', note: '休假' }],
      conflicts: [],
      version: 4,
    };
    vi.stubGlobal(
      'fetch',
      stubApi({
        'GET /api/v1/review/experts': { body: { items: [expert] } },
        'PUT /api/v1/review/experts/e1': async (req) => {
          sent = await req.json();
          return { body: { ...expert, version: 5, active: false } };
        },
      }),
    );
    const { user } = renderApp('/review/experts');
    const table = await screen.findByTestId('review-experts');
    expect(await within(table).findByText('专家01（心血管）')).toBeInTheDocument();
    expect(within(table).getByText('2 / 6')).toBeInTheDocument();
    await user.click(within(table).getByRole('button', { name: '编辑' }));
    const dialog = await screen.findByRole('dialog', { name: '编辑专家：专家01（心血管）' });
    await user.click(within(dialog).getByRole('switch'));
    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(sent).toEqual({ specialties: ['MDCF'], active: false, max_load: 6, organisation: '', version: 4 }));
  });
});

describe('申请详情 › 评审决定 (hospital office)', () => {
  it('lists the decision with the letter and appeals with a reason', async () => {
    let appealed: unknown;
    const detail = {
      id: 'a1',
      no: 'TS2026-000123',
      status: 'DECIDED',
      types: ['HIGH_COST'],
      version: 9,
      hospital_name: '济南市第一人民医院',
      settlement_id: 'S1',
      case_id: 1,
      actions: [],
      evidence: [],
      timeline: [],
      checklist: [],
      info_requests: [],
      evidence_frozen: true,
      escalated: false,
    };
    vi.stubGlobal(
      'fetch',
      stubApi(
        {
          'GET /api/v1/applications/a1': { body: detail },
          'GET /api/v1/application-options': { body: { evidence_kinds: ['other'] } },
          'GET /api/v1/applications/a1/messages': { body: { items: [] } },
          'GET /api/v1/review/applications/a1/decisions': {
            body: {
              items: [
                {
                  ...DECISION,
                  status: 'CONFIRMED',
                  confirmed_at: '2026-03-04T02:00:00Z',
                  letter_code: 'ABCD2345',
                  appeal_due: '2026-03-18',
                  can_appeal: true,
                  can_confirm: false,
                  can_return: false,
                  votes: DECISION.votes?.map((v) => ({ ...v, name: undefined })),
                },
              ],
            },
          },
          'POST /api/v1/review/applications/a1/appeal': async (req) => {
            appealed = await req.json();
            return { body: { ...detail, status: 'APPEALED' } };
          },
        },
        { me: OFFICE },
      ),
    );
    const { user } = renderApp('/applications/a1');
    const card = await screen.findByTestId('review-decision');
    expect(card).toHaveTextContent('通过：按项目付费');
    expect(card).toHaveTextContent('专家A');
    expect(within(card).getByTestId('decision-letter')).toHaveAttribute('href', '/api/v1/review/decisions/dec1/letter');
    await user.click(within(card).getByTestId('decision-appeal'));
    const dialog = await screen.findByRole('dialog', { name: '对评审决定申诉' });
    expect(dialog).toHaveTextContent('补充材料');
    await user.type(within(dialog).getByLabelText('申诉理由'), '请求复核');
    await user.click(within(dialog).getByRole('button', { name: '申诉' }));
    await waitFor(() => expect(appealed).toEqual({ reason: '请求复核' }));
  });
});
