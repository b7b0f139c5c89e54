import type { operations, paths } from '@/api/schema';

// Named after the operations rather than the document's component names, so a
// renamed Go type does not ripple through the UI.
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type CaseListQuery = NonNullable<operations['list-cases']['parameters']['query']>;
export type CaseSummary = NonNullable<Json<operations['list-cases']['responses'][200]>['items']>[number];
export type CaseView = Json<operations['get-case']['responses'][200]>;
export type CaseDetail = CaseView['case'];
export type Pricing = NonNullable<CaseView['pricing']>;
export type Grouping = CaseView['grouping'];
export type CaseTraceStep = NonNullable<Grouping['trace']>[number];
export type Finding = NonNullable<CaseView['findings']>[number];
export type CaseVersion = NonNullable<CaseView['versions']>[number];
export type FeeCategory = NonNullable<CaseView['fee_categories']>[number];
export type FeeItem = NonNullable<CaseDetail['feedetail']>[number];
export type Diagnosis = NonNullable<CaseDetail['diseinfo']>[number];
export type Procedure = NonNullable<CaseDetail['oprninfo']>[number];
export type IcuStay = NonNullable<CaseDetail['icuinfo']>[number];
export type CaseImport = Json<paths['/api/v1/case-imports/{importId}']['get']['responses'][200]>;
export type ImportStatus = CaseImport['status'];
export type Dashboard = Json<operations['get-case-dashboard']['responses'][200]>;
export type MonthStats = NonNullable<Dashboard['months']>[number];

/** One row of a rejected import's error report (GET /case-imports/{id}/errors, untyped stream). */
export interface RowError {
  line: number;
  field: string;
  value: string;
  reason: string;
}
