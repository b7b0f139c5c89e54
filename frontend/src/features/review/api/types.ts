import type { components } from '@/api/schema';

// INTERIM: written against REVIEW_API.md and the review package under way on
// main, until its operations are in openapi.json; then these become aliases
// of the generated types (like features/applications/api/types.ts).

type S = components['schemas'];

export type MemberStatus = 'INVITED' | 'ACCEPTED' | 'DECLINED' | 'CONFLICT' | 'EXPIRED';
export type PanelStatus = 'FORMING' | 'VOTING' | 'CLOSED' | 'CONFIRMED';
export type DecisionStatus = 'PROPOSED' | 'CONFIRMED' | 'RETURNED';
export type Choice = 'APPROVE_ITEM_BASED' | 'APPROVE_ADJUSTED_STANDARD' | 'REJECT';
export type Outcome = 'APPROVED_ITEM_BASED' | 'APPROVED_ADJUSTED_STANDARD' | 'REJECTED';
export type Cadence = 'monthly' | 'quarterly' | 'single';

export interface Absence {
  id: string;
  user_id: string;
  starts_on: string;
  ends_on: string;
  note: string;
}

export interface Conflict {
  id: string;
  user_id: string;
  kind: 'hospital' | 'colleague' | 'application';
  hospital_id?: string;
  hospital_name?: string;
  colleague_id?: string;
  colleague_name?: string;
  application_id?: string;
  application_no?: string;
  reason: string;
  created_at: string;
}

export interface Expert {
  user_id: string;
  name: string;
  hospital_id: string;
  hospital_name: string;
  group: string;
  specialties: string[] | null;
  active: boolean;
  max_load: number;
  organisation: string;
  load: number;
  absences: Absence[] | null;
  conflicts: Conflict[] | null;
  version: number;
}

export interface ExpertUpdate {
  specialties: string[];
  active: boolean;
  max_load: number;
  organisation?: string;
  version: number;
}

export interface NewAbsence {
  user_id?: string;
  starts_on: string;
  ends_on: string;
  note?: string;
}

export interface NewConflict {
  user_id?: string;
  kind: 'hospital' | 'colleague';
  hospital_id?: string;
  colleague_id?: string;
  reason: string;
}

export interface Cycle {
  id: string;
  name: string;
  cadence: Cadence;
  starts_on: string;
  ends_on: string;
  status: 'OPEN' | 'CLOSED';
  panels: number;
  created_at: string;
}

export interface NewCycle {
  name: string;
  cadence: Cadence;
  starts_on: string;
  ends_on: string;
}

export interface PanelSummary {
  id: string;
  round: number;
  status: PanelStatus;
  size: number;
  invited: number;
  accepted: number;
  voted: number;
  vote_due?: string | null;
  decision_id?: string;
  decision_status?: DecisionStatus | '';
}

export interface BoardRow {
  application_id: string;
  no: string;
  hospital_name: string;
  types: string[] | null;
  status: string;
  mdc: string;
  discharged_on: string;
  panel?: PanelSummary | null;
}

export interface Board {
  cycle?: Cycle | null;
  rows: BoardRow[] | null;
}

export interface PoolExpert {
  user_id: string;
  name: string;
  hospital_name: string;
  specialties: string[] | null;
  load: number;
  max_load: number;
  reason?: string;
}

export interface ShortInfo {
  constraint: string;
  need: number;
  have: number;
  message: string;
}

export interface PoolView {
  application_id: string;
  round: number;
  size: number;
  need: number;
  mdc: string;
  related: string[] | null;
  eligible: PoolExpert[] | null;
  excluded: PoolExpert[] | null;
  fallback: string[] | null;
  short?: ShortInfo | null;
  modes?: Record<string, unknown> | null;
}

export interface Member {
  user_id: string;
  name: string;
  letter: string;
  status: MemberStatus;
  respond_due: string;
  responded_at?: string | null;
  reason: string;
  voted: boolean;
}

export interface DrawSummary {
  id: string;
  kind: 'initial' | 'replacement' | 'appeal';
  drawn_at: string;
  selected: string[] | null;
  fallback: string[] | null;
  eligible: number;
}

export interface Deduction {
  key: string;
  label: string;
  amount: string;
  reason: string;
}

export interface Vote {
  letter: string;
  name?: string;
  choice: Choice;
  rationale: string;
  deductions: Deduction[] | null;
  proposed_weight?: string | null;
  proposed_standard?: string | null;
  cast_at: string;
  decision_id?: string;
}

export interface Tally {
  size: number;
  approve: number;
  item_based: number;
  adjusted: number;
  reject: number;
  missing: number;
}

export interface Decision {
  id: string;
  application_id: string;
  application_no: string;
  hospital_name: string;
  panel_id: string;
  round: number;
  version: number;
  vote_round: number;
  outcome: Outcome;
  deductions: Deduction[] | null;
  deduction_total: string;
  proposed_weight?: string | null;
  proposed_standard?: string | null;
  approved_amount?: string | null;
  rule_version: string;
  tally: Tally;
  explanation: string[] | null;
  status: DecisionStatus;
  final: boolean;
  confirmed_at?: string | null;
  confirmed_by_name?: string;
  return_reason?: string;
  letter_code?: string;
  appeal_due?: string;
  can_confirm: boolean;
  can_return: boolean;
  can_appeal: boolean;
  votes: Vote[] | null;
  created_at: string;
}

export interface Panel {
  id: string;
  application_id: string;
  application_no: string;
  hospital_name: string;
  cycle_id?: string;
  round: number;
  status: PanelStatus;
  size: number;
  mdc: string;
  vote_round: number;
  vote_due?: string | null;
  returned: boolean;
  return_reason: string;
  members: Member[] | null;
  draws: DrawSummary[] | null;
  votes: Vote[] | null;
  decision?: Decision | null;
  created_at: string;
}

export interface DrawRecord {
  id: string;
  panel_id: string;
  kind: string;
  drawn_at: string;
  seed: string;
  request: unknown;
  result: unknown;
  reproduced: boolean;
  problem?: string;
}

export interface InboxItem {
  panel_id: string;
  application_no: string;
  types: string[] | null;
  hospital_name: string;
  round: number;
  panel_status: PanelStatus;
  vote_round: number;
  my_status: MemberStatus;
  my_letter: string;
  respond_due: string;
  vote_due?: string | null;
  voted: boolean;
  invited_at: string;
}

export type Answer = 'accept' | 'decline' | 'conflict';

export interface FeeLine {
  key: string;
  code: string;
  name: string;
  category: string;
  level: number;
  quantity: string;
  price: string;
  amount: string;
}

export interface ReviewEvidence {
  id: string;
  kind: string;
  label: string;
  purpose: string;
  content_type: string;
  size: number;
  uploaded_at: string;
}

export interface ReviewCase {
  panel: {
    id: string;
    round: number;
    status: PanelStatus;
    vote_round: number;
    vote_due?: string | null;
    my_status: MemberStatus;
    my_letter: string;
    voted: boolean;
  };
  application: {
    no: string;
    types: string[] | null;
    justification: string;
    claimed_amount?: string | null;
    discharged_on: string;
    hospital_name: string;
    proposal?: S['Proposal'] | null;
    screening?: S['ScreeningHits'] | null;
    snapshot?: S['CaseSnapshot'] | null;
  };
  patient: { age: number; age_days: number; sex: number };
  clinical: {
    los: number;
    admission_dept: string;
    discharge_dept: string;
    transfer_depts: string[] | null;
    discharge_way: number;
    icu_hours: number;
    vent_hours: number;
    diagnoses: S['Diagnosis'][] | null;
    procedures: { code: string; name: string; date: string }[] | null;
  };
  fees: {
    total_cost: string;
    class_a: string;
    class_b: string;
    own_pay: string;
    categories: S['FeeCategory'][] | null;
    items: FeeLine[] | null;
  };
  grouping: {
    status: string;
    mdc: string;
    mdc_name: string;
    adrg: string;
    adrg_name: string;
    drg: string;
    drg_name: string;
    plan: string;
    trace: S['TraceStep'][] | null;
  };
  pricing?: S['Outcome'] | null;
  findings: S['Finding'][] | null;
  evidence: ReviewEvidence[] | null;
  my_vote?: Vote | null;
  return_note: string;
}

export interface VoteBody {
  choice: Choice;
  rationale: string;
  deductions?: Deduction[];
  proposed_weight?: string;
  proposed_standard?: string;
}

export interface Verification {
  code: string;
  application_no: string;
  hospital_name: string;
  outcome: Outcome;
  final: boolean;
  decided_at: string;
  sha256: string;
}
