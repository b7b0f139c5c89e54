import type { operations } from '@/api/schema';

// Named after the operations rather than the document's component names, so a
// renamed Go type does not ripple through the UI.
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<Op extends keyof operations> = operations[Op]['responses'] extends { 200: infer R }
  ? Json<R>
  : operations[Op]['responses'] extends { 201: infer R }
    ? Json<R>
    : never;

export type ApplicationListQuery = NonNullable<operations['list-applications']['parameters']['query']>;
export type ApplicationSummary = NonNullable<Ok<'list-applications'>['items']>[number];
export type ApplicationDetail = Ok<'get-application'>;
export type CommandResult = Ok<'transition-application'>;
export type TimelineEvent = NonNullable<ApplicationDetail['timeline']>[number];
export type EvidenceFile = NonNullable<ApplicationDetail['evidence']>[number];
export type ChecklistItem = NonNullable<ApplicationDetail['checklist']>[number];
export type InfoRequest = NonNullable<ApplicationDetail['info_requests']>[number];
export type Proposal = NonNullable<ApplicationDetail['proposal']>;
export type RegroupedCase = NonNullable<Proposal['what_if']>['current'];
export type Snapshot = NonNullable<ApplicationDetail['snapshot']>;
export type Screening = NonNullable<ApplicationDetail['screening']>;
export type ThreadMessage = NonNullable<Ok<'list-application-messages'>['items']>[number];
export type ApplicationOptions = Ok<'get-application-options'>;
export type QuotaGauge = NonNullable<Ok<'get-application-quota'>['items']>[number];
export type Reviewer = NonNullable<Ok<'list-application-reviewers'>['items']>[number];
export type AssignOutcome = NonNullable<Ok<'assign-applications'>['items']>[number];
export type TransitionBody = operations['transition-application']['requestBody']['content']['application/json'];
export type TransitionCommand = TransitionBody['command'];
export type EvidenceKind = NonNullable<NonNullable<operations['upload-application-evidence']['parameters']['query']>['kind']>;
export type ApplicationType = Exclude<NonNullable<ApplicationListQuery['type']>, ''>;
export type CreateBody = operations['create-application']['requestBody']['content']['application/json'];
