import type { operations } from '@/api/schema';

// Named after the operations rather than the document's component names, so a
// renamed Go type does not ripple through the UI.
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<Op extends keyof operations> = operations[Op]['responses'] extends { 200: infer R }
  ? Json<R>
  : operations[Op]['responses'] extends { 201: infer R }
    ? Json<R>
    : never;
type Body<Op extends keyof operations> = operations[Op] extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type Item<T> = NonNullable<T> extends readonly (infer I)[] ? I : never;

// The states and choices the API sends as plain strings (the UI's labels and colours are keyed by them).
export type MemberStatus = 'INVITED' | 'ACCEPTED' | 'DECLINED' | 'CONFLICT' | 'EXPIRED';
export type PanelStatus = 'FORMING' | 'VOTING' | 'CLOSED' | 'CONFIRMED';
export type DecisionStatus = 'PROPOSED' | 'CONFIRMED' | 'RETURNED';
export type Choice = 'APPROVE_ITEM_BASED' | 'APPROVE_ADJUSTED_STANDARD' | 'REJECT';
export type Outcome = 'APPROVED_ITEM_BASED' | 'APPROVED_ADJUSTED_STANDARD' | 'REJECTED';
export type Cadence = 'monthly' | 'quarterly' | 'single';

export type Expert = Ok<'get-my-review-profile'>;
export type Absence = Ok<'add-review-absence'>;
export type Conflict = Ok<'add-review-conflict'>;
export type ExpertUpdate = Body<'update-review-expert'>;
export type NewAbsence = Body<'add-review-absence'>;
export type NewConflict = Body<'add-review-conflict'>;

export type Cycle = Ok<'open-review-cycle'>;
export type NewCycle = Body<'open-review-cycle'>;
export type Board = Ok<'get-review-board'>;
export type BoardRow = Item<Board['rows']>;
export type PanelSummary = NonNullable<BoardRow['panel']>;
export type PoolView = Ok<'preview-review-draw'>;
export type PoolExpert = Item<PoolView['eligible']>;
export type ShortInfo = NonNullable<PoolView['short']>;

export type Panel = Ok<'get-review-panel'>;
export type Member = Item<Panel['members']>;
export type DrawSummary = Item<Panel['draws']>;
export type DrawRecord = Ok<'get-review-draw'>;
export type Vote = Ok<'cast-review-vote'>;
export type Deduction = Item<Vote['deductions']>;
export type VoteBody = Body<'cast-review-vote'>;

export type Decision = Ok<'get-review-decision'>;
export type Tally = Decision['tally'];
export type Verification = Ok<'verify-review-letter'>;

export type InboxItem = Ok<'respond-review-invitation'>;
export type Answer = Body<'respond-review-invitation'>['answer'];
export type ReviewCase = Ok<'get-review-case'>;
export type FeeLine = Item<ReviewCase['fees']['items']>;
export type ReviewEvidence = Item<ReviewCase['evidence']>;
